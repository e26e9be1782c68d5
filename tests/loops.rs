//! The loop builder over whole files: generated claims and remittances
//! place every segment in the loop the guide gives it; corpus files never
//! panic it.

mod common;

use std::collections::BTreeMap;

use claimcheck::schema::guide::GuideId;
use claimcheck::schema::loops::{LoopBuilder, LoopTree};
use claimcheck::synth::{SynthOptions, write_835, write_837p};
use claimcheck::x12::tokenizer::{Token, Tokenizer};

/// Each transaction set of a file with a known guide: its tree and the
/// ids of its segments.
fn trees(input: &[u8]) -> Vec<(LoopTree, Vec<String>)> {
    let mut out = Vec::new();
    let mut gs08 = String::new();
    let mut open: Option<(LoopBuilder, Vec<String>)> = None;
    for t in Tokenizer::new(input) {
        let (Token::Segment(s) | Token::Isa(s, _)) = t else {
            continue;
        };
        let id = String::from_utf8_lossy(s.id()).into_owned();
        if id == "GS" {
            gs08 = String::from_utf8_lossy(s.element(8).unwrap_or_default()).into_owned();
        }
        if id == "ST" {
            let st03 = String::from_utf8_lossy(s.element(3).unwrap_or_default()).into_owned();
            let version = if st03.is_empty() { gs08.clone() } else { st03 };
            open = GuideId::for_version(&version).map(|g| (LoopBuilder::new(g), Vec::new()));
        }
        if let Some((b, ids)) = &mut open {
            b.push(&s);
            ids.push(id.clone());
        }
        if id == "SE"
            && let Some((b, ids)) = open.take()
        {
            out.push((b.finish(), ids));
        }
    }
    out
}

fn synth(kind: &str) -> Vec<u8> {
    let opts = SynthOptions {
        seed: 5,
        target_bytes: 400_000,
        claims_per_transaction: 150,
        ..SynthOptions::default()
    };
    let mut out = Vec::new();
    if kind == "837p" {
        write_837p(&opts, &mut out).unwrap();
    } else {
        write_835(&opts, &mut out).unwrap();
    }
    out
}

/// segment id -> the loops it was placed in, over all sets.
fn loops_by_segment(input: &[u8]) -> (BTreeMap<String, Vec<String>>, usize) {
    let mut by: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut unplaced = 0;
    for (tree, ids) in trees(input) {
        for (i, id) in ids.iter().enumerate() {
            if tree.placements[i].def.is_none() {
                unplaced += 1;
            }
            let l = tree.loop_id(i).unwrap_or("-").to_string();
            let v = by.entry(id.clone()).or_default();
            if !v.contains(&l) {
                v.push(l);
            }
        }
    }
    for v in by.values_mut() {
        v.sort();
    }
    (by, unplaced)
}

#[test]
fn generated_claims_place_every_segment() {
    let (by, unplaced) = loops_by_segment(&synth("837p"));
    assert_eq!(unplaced, 0);
    assert_eq!(by["CLM"], ["2300"]);
    assert_eq!(by["SV1"], ["2400"]);
    assert_eq!(by["LX"], ["2400"]);
    assert_eq!(by["SBR"], ["2000B"]);
    assert_eq!(by["PAT"], ["2000C"]);
    assert_eq!(by["HL"], ["2000A", "2000B", "2000C"]);
    assert_eq!(
        by["NM1"],
        [
            "1000A", "1000B", "2010AA", "2010BA", "2010BB", "2010CA", "2310B"
        ]
    );
}

#[test]
fn generated_remittances_place_every_segment() {
    let (by, unplaced) = loops_by_segment(&synth("835"));
    assert_eq!(unplaced, 0);
    assert_eq!(by["CLP"], ["2100"]);
    assert_eq!(by["SVC"], ["2110"]);
    assert_eq!(by["N1"], ["1000A", "1000B"]);
    assert_eq!(by["BPR"], ["-"]);
}

#[test]
fn corpus_files_build_trees_without_panicking() {
    let mut sets = 0;
    let mut segments = 0;
    let mut unplaced = 0;
    for path in common::corpus_files() {
        for (tree, ids) in trees(&std::fs::read(&path).unwrap()) {
            sets += 1;
            segments += ids.len();
            unplaced += tree.placements.iter().filter(|p| p.def.is_none()).count();
            assert_eq!(tree.placements.len(), ids.len());
        }
    }
    // Most corpus sets follow a guide claimcheck carries; many deviate.
    eprintln!("corpus: {sets} sets, {segments} segments, {unplaced} unplaced");
    assert!(sets >= 55, "{sets}");
    assert!(
        unplaced * 10 < segments,
        "{unplaced} of {segments} segments unplaced"
    );
}
