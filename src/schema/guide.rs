//! Implementation-guide definitions: loops, segments and elements of one
//! transaction set, loaded from the JSON data in `schemas/guides/`
//! (generated from public guide maps, see that folder's README).
//!
//! The data is embedded in the binary and parsed on first use, one guide at
//! a time, so a run over 835s never pays for the 837 guides.

use std::sync::OnceLock;

use serde::Deserialize;

/// Usage of a loop, segment or element in a guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Usage {
    /// Required.
    #[serde(rename = "R")]
    Required,
    /// Situational: required under conditions the guide states in prose.
    #[serde(rename = "S")]
    Situational,
    /// Not used.
    #[serde(rename = "N")]
    NotUsed,
}

/// A loop or a segment, in guide order.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RawNode")]
pub enum Node {
    Loop(LoopDef),
    Segment(SegmentDef),
}

/// A node as the guide data writes it: its keys are sorted, so `kind`
/// comes after `children` or `elements`. Read as an internally tagged
/// enum, serde would buffer each node's whole subtree until it met the
/// tag, again at every depth (40 M instructions for the 837P guide, more
/// than validating 400 KB of claims); one flat struct reads in one pass.
#[derive(Deserialize)]
struct RawNode {
    kind: NodeKind,
    id: String,
    name: String,
    usage: Usage,
    max_repeat: Option<u32>,
    pos: u32,
    wrapper: Option<bool>,
    children: Option<Vec<Node>>,
    syntax: Option<Vec<String>>,
    elements: Option<Vec<ElementDef>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum NodeKind {
    Loop,
    Segment,
}

impl TryFrom<RawNode> for Node {
    type Error = String;

    fn try_from(n: RawNode) -> Result<Node, String> {
        let missing = |field: &str| format!("{} {} has no `{field}`", n.id, n.name);
        Ok(match n.kind {
            NodeKind::Loop => Node::Loop(LoopDef {
                wrapper: n.wrapper.ok_or_else(|| missing("wrapper"))?,
                children: n.children.ok_or_else(|| missing("children"))?,
                id: n.id,
                name: n.name,
                usage: n.usage,
                max_repeat: n.max_repeat,
                pos: n.pos,
            }),
            NodeKind::Segment => Node::Segment(SegmentDef {
                syntax: n.syntax.ok_or_else(|| missing("syntax"))?,
                elements: n.elements.ok_or_else(|| missing("elements"))?,
                id: n.id,
                name: n.name,
                usage: n.usage,
                max_repeat: n.max_repeat,
                pos: n.pos,
            }),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LoopDef {
    /// Guide loop id (`2300`), or a structural wrapper (`HEADER`, `DETAIL`).
    pub id: String,
    pub name: String,
    pub usage: Usage,
    /// `None` for ">1" (unbounded).
    pub max_repeat: Option<u32>,
    pub pos: u32,
    /// True for structural wrappers that are not guide loops.
    pub wrapper: bool,
    pub children: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SegmentDef {
    pub id: String,
    pub name: String,
    pub usage: Usage,
    pub max_repeat: Option<u32>,
    pub pos: u32,
    /// X12 syntax notes such as `P0102` (paired) or `R0203` (one required).
    pub syntax: Vec<String>,
    pub elements: Vec<ElementDef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ElementDef {
    /// Element reference: `CLM05`, or `CLM05-01` for a component.
    #[serde(rename = "ref")]
    pub reference: String,
    pub name: String,
    pub usage: Usage,
    /// X12 data element number (`1028`); `None` for composites.
    pub data_ele: Option<String>,
    /// `AN`, `ID`, `N0`, `N2`, `R`, `DT`, `TM`; `None` for composites.
    pub data_type: Option<String>,
    pub min_len: Option<u32>,
    pub max_len: Option<u32>,
    pub max_repeat: Option<u32>,
    /// Values the guide allows, when it restricts them.
    pub codes: Option<Vec<String>>,
    /// Name of an external code list (`states`, `pos` …) the guide refers to.
    pub code_list: Option<String>,
    pub regex: Option<String>,
    /// Components of a composite element.
    pub components: Option<Vec<ElementDef>>,
}

/// One implementation guide.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Guide {
    /// Guide id as in ST03/GS08 (`005010X222A1`).
    pub guide: String,
    /// ST01 (`837`).
    pub transaction: String,
    pub name: String,
    /// Where the data came from.
    pub source: String,
    /// The ST..SE transaction set.
    pub root: LoopDef,
}

impl Guide {
    /// Every loop, depth first in guide order, with its depth.
    pub fn loops(&self) -> Vec<(&LoopDef, usize)> {
        fn walk<'g>(l: &'g LoopDef, depth: usize, out: &mut Vec<(&'g LoopDef, usize)>) {
            out.push((l, depth));
            for c in &l.children {
                if let Node::Loop(child) = c {
                    walk(child, depth + 1, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.root, 0, &mut out);
        out
    }

    /// The first loop with this id (the 837 claim loops occur twice: under
    /// the subscriber and under the patient; this is the first).
    pub fn find_loop(&self, id: &str) -> Option<&LoopDef> {
        self.loops()
            .into_iter()
            .map(|(l, _)| l)
            .find(|l| l.id == id)
    }
}

/// The guides claimcheck carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GuideId {
    /// 837 professional, 005010X222A1 (also used for the A2 errata).
    X222A1,
    /// 837 institutional, 005010X223A2 (also used for the A3 errata).
    X223A2,
    /// 835, 005010X221A1.
    X221A1,
    /// 999, 005010X231A1.
    X231A1,
    /// 277CA claim acknowledgment, 005010X214.
    X214,
}

impl GuideId {
    pub const ALL: [GuideId; 5] = [
        GuideId::X222A1,
        GuideId::X223A2,
        GuideId::X221A1,
        GuideId::X231A1,
        GuideId::X214,
    ];

    /// The guide for a version string from ST03 (or GS08). Later errata
    /// (X222A2, X223A3) are read with the guide they amend; their
    /// differences are judged by the rules that know them.
    pub fn for_version(version: &str) -> Option<GuideId> {
        let v = version.trim();
        if v.contains("X222") {
            Some(GuideId::X222A1)
        } else if v.contains("X223") {
            Some(GuideId::X223A2)
        } else if v.contains("X221") {
            Some(GuideId::X221A1)
        } else if v.contains("X231") {
            Some(GuideId::X231A1)
        } else if v.contains("X214") {
            Some(GuideId::X214)
        } else {
            None
        }
    }

    fn json(self) -> &'static str {
        match self {
            GuideId::X222A1 => include_str!("../../schemas/guides/005010X222A1.json"),
            GuideId::X223A2 => include_str!("../../schemas/guides/005010X223A2.json"),
            GuideId::X221A1 => include_str!("../../schemas/guides/005010X221A1.json"),
            GuideId::X231A1 => include_str!("../../schemas/guides/005010X231A1.json"),
            GuideId::X214 => include_str!("../../schemas/guides/005010X214.json"),
        }
    }

    fn cell(self) -> &'static OnceLock<Guide> {
        static CELLS: [OnceLock<Guide>; GuideId::ALL.len()] =
            [const { OnceLock::new() }; GuideId::ALL.len()];
        &CELLS[self as usize]
    }

    /// The parsed guide, parsed on first use.
    pub fn guide(self) -> &'static Guide {
        self.cell().get_or_init(|| self.parse())
    }

    /// Parse the embedded data afresh (what [`GuideId::guide`] does once).
    pub fn parse(self) -> Guide {
        // The data is generated and tested in this crate: a parse failure
        // is a build defect, not an input problem.
        serde_json::from_str(self.json()).expect("embedded guide data is valid")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_guide_parses_and_names_itself() {
        for id in GuideId::ALL {
            let g = id.guide();
            assert_eq!(GuideId::for_version(&g.guide), Some(id), "{}", g.guide);
            assert_eq!(g.root.id, "ST_LOOP");
        }
        assert_eq!(GuideId::X222A1.guide().transaction, "837");
        assert_eq!(GuideId::X221A1.guide().transaction, "835");
        assert_eq!(GuideId::X214.guide().transaction, "277");
    }

    /// Every node of the data, read without serde's tag buffering, is
    /// the loop or segment the data says, with all its children.
    #[test]
    fn every_node_is_read_as_the_kind_the_data_gives() {
        fn same(node: &Node, data: &serde_json::Value) -> usize {
            let (id, kind, children) = match node {
                Node::Loop(l) => (&l.id, "loop", Some(&l.children)),
                Node::Segment(s) => (&s.id, "segment", None),
            };
            assert_eq!(data["kind"], kind, "{id}");
            assert_eq!(data["id"], id.as_str());
            match (node, children) {
                (Node::Segment(s), _) => {
                    assert_eq!(
                        data["elements"].as_array().map(Vec::len),
                        Some(s.elements.len())
                    );
                    assert_eq!(data["pos"], s.pos);
                    1
                }
                (Node::Loop(l), Some(children)) => {
                    assert_eq!(data["wrapper"], l.wrapper, "{id}");
                    let listed = data["children"].as_array().expect("a loop lists children");
                    assert_eq!(listed.len(), children.len(), "{id}");
                    1 + children
                        .iter()
                        .zip(listed)
                        .map(|(c, d)| same(c, d))
                        .sum::<usize>()
                }
                (Node::Loop(_), None) => unreachable!(),
            }
        }
        for id in GuideId::ALL {
            let data: serde_json::Value = serde_json::from_str(id.json()).unwrap();
            let root = &id.guide().root;
            let nodes: usize = root
                .children
                .iter()
                .zip(data["root"]["children"].as_array().unwrap())
                .map(|(c, d)| same(c, d))
                .sum();
            assert_eq!(nodes, id.json().matches("\"kind\":").count() - 1, "{id:?}");
        }
    }

    #[test]
    fn a_node_without_its_kind_fields_is_refused() {
        let segment = r#"{"kind":"segment","id":"N3","name":"Address","usage":"R","max_repeat":1,"pos":250,"syntax":[]}"#;
        let err = serde_json::from_str::<Node>(segment)
            .unwrap_err()
            .to_string();
        assert!(err.contains("N3 Address has no `elements`"), "{err}");
        let a_loop = r#"{"kind":"loop","id":"2400","name":"Line","usage":"R","max_repeat":50,"pos":365,"children":[]}"#;
        let err = serde_json::from_str::<Node>(a_loop)
            .unwrap_err()
            .to_string();
        assert!(err.contains("2400 Line has no `wrapper`"), "{err}");
        let unknown = r#"{"kind":"element","id":"N301","name":"Line","usage":"R","pos":1}"#;
        assert!(serde_json::from_str::<Node>(unknown).is_err());
    }

    #[test]
    fn errata_versions_use_the_guide_they_amend() {
        assert_eq!(GuideId::for_version("005010X222A2"), Some(GuideId::X222A1));
        assert_eq!(GuideId::for_version("005010X223A3"), Some(GuideId::X223A2));
        assert_eq!(GuideId::for_version("004010X098A1"), None);
        // 277 claim status response (X212) is not the 277CA.
        assert_eq!(GuideId::for_version("005010X212"), None);
    }

    #[test]
    fn professional_claim_loops_are_where_the_guide_puts_them() {
        let g = GuideId::X222A1.guide();
        for id in [
            "1000A", "1000B", "2000A", "2010AA", "2000B", "2010BB", "2000C", "2300", "2310B",
            "2320", "2330A", "2400", "2430",
        ] {
            assert!(g.find_loop(id).is_some(), "{id}");
        }
        let claim = g.find_loop("2300").unwrap();
        let Node::Segment(clm) = &claim.children[0] else {
            panic!("2300 starts with a segment")
        };
        assert_eq!(clm.id, "CLM");
        assert_eq!(clm.usage, Usage::Required);
        assert_eq!(clm.elements[0].reference, "CLM01");
        assert_eq!(clm.elements[0].max_len, Some(38));
        let clm05 = clm.elements[4]
            .components
            .as_ref()
            .expect("CLM05 is a composite");
        assert_eq!(clm05[0].reference, "CLM05-01");
        let provider = g.find_loop("2010AA").unwrap();
        let Node::Segment(nm1) = &provider.children[0] else {
            panic!()
        };
        assert_eq!(
            nm1.elements[0].codes.as_deref(),
            Some(&["85".to_string()][..])
        );
    }

    #[test]
    fn claim_acknowledgment_loops_are_where_the_guide_puts_them() {
        let g = GuideId::X214.guide();
        assert_eq!(g.guide, "005010X214");
        let ids: Vec<&str> = g
            .loops()
            .into_iter()
            .filter(|(l, _)| !l.wrapper)
            .map(|(l, _)| l.id.as_str())
            .collect();
        assert_eq!(
            ids,
            [
                "2000A", "2100A", "2200A", "2000B", "2100B", "2200B", "2000C", "2100C", "2200C",
                "2000D", "2100D", "2200D", "2220D",
            ]
        );
        let first = |loop_id: &str| -> &SegmentDef {
            match &g.find_loop(loop_id).unwrap().children[0] {
                Node::Segment(s) => s,
                Node::Loop(_) => panic!("{loop_id} starts with a segment"),
            }
        };
        for (loop_id, hl03) in [
            ("2000A", "20"),
            ("2000B", "21"),
            ("2000C", "19"),
            ("2000D", "PT"),
        ] {
            let hl = first(loop_id);
            assert_eq!(hl.id, "HL", "{loop_id}");
            assert_eq!(
                hl.elements[2].codes.as_deref(),
                Some(&[hl03.to_string()][..])
            );
        }
        assert_eq!(first("2200D").id, "TRN");
        assert_eq!(first("2220D").id, "SVC");
        let claim = g.find_loop("2200D").unwrap();
        let Some(Node::Segment(stc)) = claim
            .children
            .iter()
            .find(|c| matches!(c, Node::Segment(s) if s.id == "STC"))
        else {
            panic!("STC in 2200D")
        };
        assert_eq!(stc.usage, Usage::Required);
        assert_eq!(stc.max_repeat, None);
        let stc01 = stc.elements[0]
            .components
            .as_ref()
            .expect("STC01 is a composite");
        assert_eq!(stc01[0].reference, "STC01-01");
    }
}
