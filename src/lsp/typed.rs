//! The tree read with the format's types: what type each value has, which struct owns
//! each field, and what the cursor is on.

use super::schema::{self, Field, IdKind, Shape, Ty, Variant};
use super::tree::{Kind, Node};

/// A struct (or struct variant) whose fields are written in a group.
#[derive(Debug, Clone, PartialEq)]
pub struct Owner {
    /// The owner's name for hover text: `Inject`, `InjectKind::Attack`.
    pub name: String,
    /// Its fields.
    pub fields: &'static [Field],
}

/// The owner of a group of type `ty` written with `name`, and the types of its items.
fn shape_of(ty: Ty, name: Option<&str>) -> (Option<Owner>, &'static [Ty]) {
    let Ty::Named(t) = ty else {
        return (None, &[]);
    };
    let Some(def) = schema::type_def(t) else {
        return (None, &[]);
    };
    match def.shape {
        Shape::Struct(fields) => (
            Some(Owner {
                name: t.to_string(),
                fields,
            }),
            &[],
        ),
        Shape::Enum(variants) => {
            let Some((v, shape)) = name.and_then(|n| variants.iter().find(|(v, _)| *v == n)) else {
                return (None, &[]);
            };
            match shape {
                Variant::Struct(fields) => (
                    Some(Owner {
                        name: schema::owner_name(t, Some(v)),
                        fields,
                    }),
                    &[],
                ),
                Variant::Tuple(tys) => (None, tys),
                Variant::Unit => (None, &[]),
            }
        }
    }
}

/// One child value of a node with its type, and the field it is the value of.
pub struct Child<'a> {
    /// The value.
    pub node: &'a Node,
    /// Its type, where known.
    pub ty: Option<Ty>,
    /// The owner and field name it is the value of.
    pub field: Option<(String, &'a str)>,
}

/// The values directly inside `node` (of type `ty`), with their types.
pub fn children<'a>(node: &'a Node, ty: Option<Ty>) -> Vec<Child<'a>> {
    let mut out = Vec::new();
    match &node.kind {
        Kind::Group {
            name,
            fields,
            items,
            ..
        } => {
            if name.as_deref() == Some("Some") {
                // Implicit `Some` either way: the inner value has the option's type.
                for it in items {
                    out.push(Child {
                        node: it,
                        ty,
                        field: None,
                    });
                }
                return out;
            }
            let (owner, tys) = ty.map_or((None, &[][..]), |t| shape_of(t, name.as_deref()));
            for f in fields {
                if let Some(v) = &f.value {
                    let fty = owner
                        .as_ref()
                        .and_then(|o| o.fields.iter().find(|(n, _)| *n == f.name).map(|(_, t)| *t));
                    out.push(Child {
                        node: v,
                        ty: fty,
                        field: owner.as_ref().map(|o| (o.name.clone(), f.name.as_str())),
                    });
                }
            }
            for (i, it) in items.iter().enumerate() {
                out.push(Child {
                    node: it,
                    ty: tys.get(i).copied(),
                    field: None,
                });
            }
        }
        Kind::List(items) => {
            let inner = match ty {
                Some(Ty::List(t)) => Some(*t),
                _ => None,
            };
            for it in items {
                out.push(Child {
                    node: it,
                    ty: inner,
                    field: None,
                });
            }
        }
        Kind::Map(entries) => {
            let (k, v) = match ty {
                Some(Ty::Map(k, v)) => (Some(*k), Some(*v)),
                _ => (None, None),
            };
            for (key, value) in entries {
                out.push(Child {
                    node: key,
                    ty: k,
                    field: None,
                });
                if let Some(value) = value {
                    out.push(Child {
                        node: value,
                        ty: v,
                        field: None,
                    });
                }
            }
        }
        _ => {}
    }
    out
}

/// The type of a whole document: `Scenario`, `Infrastructure` or `Drill`, by the root's
/// name or, for an anonymous root, by the fields it has.
pub fn root_type(root: Option<&Node>) -> &'static str {
    let Some(root) = root else {
        return "Scenario";
    };
    match root.name() {
        Some("Infrastructure") => "Infrastructure",
        Some("Drill") => "Drill",
        Some("Scenario") => "Scenario",
        _ => match &root.kind {
            Kind::Group { fields, .. } if fields.iter().any(|f| f.name == "actions") => "Drill",
            Kind::Group { fields, .. }
                if fields.iter().any(|f| f.name == "operators")
                    && !fields.iter().any(|f| f.name == "duration") =>
            {
                "Infrastructure"
            }
            _ => "Scenario",
        },
    }
}

/// Calls `f` on every value of the tree with its type and the field it is the value of.
pub fn visit<'a>(
    node: &'a Node,
    ty: Option<Ty>,
    field: Option<(String, &'a str)>,
    f: &mut impl FnMut(&'a Node, Option<Ty>, Option<&(String, &'a str)>),
) {
    f(node, ty, field.as_ref());
    for c in children(node, ty) {
        visit(c.node, c.ty, c.field, f);
    }
}

/// What the cursor is on.
#[derive(Debug, Clone, PartialEq)]
pub enum Spot {
    /// A place for a field name of `owner` (typing one, or on one): the bytes
    /// `start..end` hold what is written so far.
    FieldName {
        /// The struct.
        owner: Owner,
        /// Fields already written.
        written: Vec<String>,
        /// What is written so far.
        start: usize,
        /// Its end.
        end: usize,
    },
    /// A value of type `ty` (where known).
    Value {
        /// Its type.
        ty: Option<Ty>,
        /// The field it is the value of.
        field: Option<(String, String)>,
        /// True inside a string's quotes.
        in_string: bool,
        /// What is written so far (a string's content, an identifier).
        text: String,
        /// The bytes that hold it.
        start: usize,
        /// Its end.
        end: usize,
    },
}

/// What the cursor at byte `offset` is on, in a document whose root is `root` of type
/// `root_ty`.
pub fn spot(root: Option<&Node>, root_ty: &'static str, offset: usize) -> Option<Spot> {
    let ty = Some(Ty::Named(root_ty));
    match root {
        Some(r) if r.holds(offset) => spot_in(r, ty, None, offset),
        Some(_) => None,
        None => Some(Spot::Value {
            ty,
            field: None,
            in_string: false,
            text: String::new(),
            start: offset,
            end: offset,
        }),
    }
}

fn value_spot(
    ty: Option<Ty>,
    field: Option<(String, &str)>,
    in_string: bool,
    text: &str,
    start: usize,
    end: usize,
) -> Spot {
    Spot::Value {
        ty,
        field: field.map(|(o, f)| (o, f.to_string())),
        in_string,
        text: text.to_string(),
        start,
        end,
    }
}

fn spot_in(
    node: &Node,
    ty: Option<Ty>,
    field: Option<(String, &str)>,
    offset: usize,
) -> Option<Spot> {
    match &node.kind {
        Kind::Str { text, content, .. } => {
            if offset < *content {
                return None;
            }
            Some(value_spot(
                ty,
                field,
                true,
                text,
                *content,
                content + text.len(),
            ))
        }
        Kind::Ident(name) => Some(value_spot(ty, field, false, name, node.start, node.end)),
        Kind::Literal => Some(value_spot(ty, field, false, "", node.start, node.end)),
        Kind::Group {
            name,
            open,
            fields,
            items,
        } => {
            if offset <= *open {
                let n = name.as_deref().unwrap_or("");
                return Some(value_spot(
                    ty,
                    field,
                    false,
                    n,
                    node.start,
                    node.start + n.len(),
                ));
            }
            let kids = children(node, ty);
            let struct_like = ty.is_some_and(|t| shape_of(t, name.as_deref()).0.is_some());
            // Inside a value: go down (a bare word in a struct is a field name, below).
            for c in &kids {
                if struct_like && c.field.is_none() && matches!(c.node.kind, Kind::Ident(_)) {
                    continue;
                }
                let inside = c.node.holds(offset) && c.node.start < offset
                    || c.node.start == offset && c.node.end > offset;
                if inside && let Some(s) = spot_in(c.node, c.ty, c.field.clone(), offset) {
                    return Some(s);
                }
            }
            if name.as_deref() == Some("Some") {
                return Some(value_spot(ty, field, false, "", offset, offset));
            }
            let (owner, tys) = ty.map_or((None, &[][..]), |t| shape_of(t, name.as_deref()));
            let written: Vec<String> = fields.iter().map(|f| f.name.clone()).collect();
            for f in fields {
                if f.start <= offset && offset <= f.name_end {
                    return owner.map(|owner| Spot::FieldName {
                        owner,
                        written,
                        start: f.start,
                        end: f.name_end,
                    });
                }
                if f.value.is_none() && offset > f.name_end {
                    let next = fields
                        .iter()
                        .map(|g| g.start)
                        .filter(|s| *s > f.name_end)
                        .min()
                        .unwrap_or(usize::MAX);
                    if offset < next {
                        let fty = owner.as_ref().and_then(|o| {
                            o.fields.iter().find(|(n, _)| *n == f.name).map(|(_, t)| *t)
                        });
                        let fo = owner.as_ref().map(|o| (o.name.clone(), f.name.as_str()));
                        return Some(value_spot(fty, fo, false, "", offset, offset));
                    }
                }
            }
            if let Some(owner) = owner {
                // A bare word inside a struct is a field name being typed.
                for it in items {
                    if let Kind::Ident(n) = &it.kind
                        && it.holds(offset)
                    {
                        return Some(Spot::FieldName {
                            owner,
                            written,
                            start: it.start,
                            end: it.start + n.len(),
                        });
                    }
                }
                return Some(Spot::FieldName {
                    owner,
                    written,
                    start: offset,
                    end: offset,
                });
            }
            let index = items.iter().filter(|it| it.end < offset).count();
            Some(value_spot(
                tys.get(index).copied(),
                None,
                false,
                "",
                offset,
                offset,
            ))
        }
        Kind::List(_) | Kind::Map(_) => {
            let kids = children(node, ty);
            for c in &kids {
                if c.node.holds(offset)
                    && let Some(s) = spot_in(c.node, c.ty, c.field.clone(), offset)
                {
                    return Some(s);
                }
            }
            let inner = match ty {
                Some(Ty::List(t)) => Some(*t),
                Some(Ty::Map(k, _)) => Some(*k),
                _ => None,
            };
            Some(value_spot(inner, None, false, "", offset, offset))
        }
    }
}

/// An id defined in a document: its kind, the id and the bytes of its string's content.
#[derive(Debug, Clone, PartialEq)]
pub struct Def {
    /// What it names.
    pub kind: IdKind,
    /// The id.
    pub id: String,
    /// Where the id's text starts.
    pub start: usize,
    /// Where it ends.
    pub end: usize,
}

/// Every id a document defines: operators, services, systems and injects by their `id:`
/// field, regions where an operator first names them.
pub fn definitions(root: Option<&Node>, root_ty: &'static str) -> Vec<Def> {
    let mut defs: Vec<Def> = Vec::new();
    let Some(root) = root else {
        return defs;
    };
    visit(
        root,
        Some(Ty::Named(root_ty)),
        None,
        &mut |node, ty, field| {
            let Kind::Str { text, content, .. } = &node.kind else {
                return;
            };
            let kind = match (ty, field) {
                (Some(Ty::Defines), Some((owner, _))) => match owner.as_str() {
                    "Operator" => IdKind::Operator,
                    "Service" => IdKind::Service,
                    "System" => IdKind::System,
                    "Inject" => IdKind::Inject,
                    _ => return,
                },
                (Some(Ty::Id(IdKind::Region)), Some((owner, _))) if owner == "Operator" => {
                    IdKind::Region
                }
                _ => return,
            };
            if !defs.iter().any(|d| d.kind == kind && d.id == *text) {
                defs.push(Def {
                    kind,
                    id: text.clone(),
                    start: *content,
                    end: content + text.len(),
                });
            }
        },
    );
    defs
}

#[cfg(test)]
mod tests {
    use super::super::tree::parse;
    use super::*;

    fn at(text: &str, marker: &str) -> Spot {
        let offset = text.find(marker).expect("marker") + marker.len();
        let root = parse(text);
        spot(root.as_ref(), root_type(root.as_ref()), offset).expect("a spot")
    }

    #[test]
    fn the_cursor_in_an_operator_target_wants_an_operator_id() {
        let text = r#"Scenario(injects: [Inject(at: "1h", target: Operator("ka"))])"#;
        let Spot::Value {
            ty,
            in_string,
            text,
            ..
        } = at(text, "Operator(\"ka")
        else {
            panic!()
        };
        assert_eq!(ty, Some(Ty::Id(IdKind::Operator)));
        assert!(in_string);
        assert_eq!(text, "ka");
    }

    #[test]
    fn a_word_in_a_struct_is_a_field_name_and_a_value_after_the_colon_has_the_field_type() {
        let text = "Scenario(injects: [Inject(ta";
        let Spot::FieldName { owner, .. } = at(text, "Inject(ta") else {
            panic!()
        };
        assert_eq!(owner.name, "Inject");
        let text = "Scenario(injects: [Inject(kind: Attack(attack: ";
        let Spot::Value { ty, field, .. } = at(text, "attack: ") else {
            panic!()
        };
        assert_eq!(ty, Some(Ty::Named("AttackKind")));
        assert_eq!(
            field,
            Some(("InjectKind::Attack".to_string(), "attack".to_string()))
        );
    }

    #[test]
    fn definitions_are_found_by_their_owner() {
        let text = r#"Infrastructure(operators: [Operator(id: "a", region: "r",
            services: [Service(id: "a/s", systems: [System(id: "a/y")])])])"#;
        let root = parse(text);
        let defs = definitions(root.as_ref(), "Infrastructure");
        let ids: Vec<(IdKind, &str)> = defs.iter().map(|d| (d.kind, d.id.as_str())).collect();
        assert_eq!(
            ids,
            vec![
                (IdKind::Operator, "a"),
                (IdKind::Region, "r"),
                (IdKind::Service, "a/s"),
                (IdKind::System, "a/y")
            ]
        );
    }
}
