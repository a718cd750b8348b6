//! The shape of a ninjs object as real files send it. One model reads ninjs 1.x
//! (`headline`, `body_html`, keyed `associations`), 2.x (`headlines[]`, `bodies[]`,
//! `by`, listed `associations`), 3.x (the same in camelCase: `versionCreated`,
//! `pubStatus`, `contentType`) and vendor additions (`guid`, `source`, `authors`,
//! `signals`). It is lenient by construction: unknown members are skipped, a member of
//! an unexpected shape (a number where text was meant, one object where a list was
//! meant, a stray string in a list) is read where it makes sense and ignored where it
//! does not, so one odd member never costs the whole item.
//!
//! Items are read straight from the JSON text rather than through `serde_json::Value`
//! so that keyed 1.x `associations` and `renditions` keep their document order (the
//! first picture is the lead), and so serde_json's recursion limit guards every level.

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;
use std::marker::PhantomData;

/// A member that should be text but arrives as a string, a number (`"version": 0`,
/// `"width": "172"`) or something else entirely.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum Scalar {
    Text(String),
    Number(serde_json::Number),
    Other(IgnoredAny),
}

impl Scalar {
    /// The value as trimmed text; `None` when it is empty or not a string or number.
    pub(super) fn text(&self) -> Option<String> {
        let text = match self {
            Self::Text(text) => text.trim().to_owned(),
            Self::Number(number) => number.to_string(),
            Self::Other(_) => return None,
        };
        (!text.is_empty()).then_some(text)
    }
}

/// The text of an optional member, `None` when absent or empty.
pub(super) fn text_of(member: &Option<Scalar>) -> Option<String> {
    member.as_ref().and_then(Scalar::text)
}

/// One element that is read when it has the expected shape and skipped otherwise.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Lenient<T> {
    Read(T),
    Ignored(IgnoredAny),
}

impl<T> Lenient<T> {
    fn into_read(self) -> Option<T> {
        match self {
            Self::Read(value) => Some(value),
            Self::Ignored(_) => None,
        }
    }
}

/// A list that some senders write as a single value (`"usageterms": "…"` or
/// `"usageterms": ["…"]`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Many<T> {
    List(Vec<Lenient<T>>),
    One(Lenient<T>),
}

impl<T> Many<T> {
    fn into_vec(self) -> Vec<T> {
        match self {
            Self::List(list) => list.into_iter().filter_map(Lenient::into_read).collect(),
            Self::One(one) => one.into_read().into_iter().collect(),
        }
    }
}

/// A JSON object's members in document order.
#[derive(Debug)]
struct Ordered<T>(Vec<(String, T)>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for OrderedVisitor<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut members = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, T>()? {
                    members.push((key, value));
                }
                Ok(Ordered(members))
            }
        }
        deserializer.deserialize_map(OrderedVisitor(PhantomData))
    }
}

/// ninjs 1.x keys `associations` and `renditions` by name; 2.x and 3.x list them, each
/// with a `name` member.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Named<T> {
    Keyed(Ordered<Lenient<T>>),
    Listed(Vec<Lenient<T>>),
    Other(IgnoredAny),
}

impl<T> Named<T> {
    /// Each value with the key it had in 1.x (`None` for a listed value).
    fn into_entries(self) -> Vec<(Option<String>, T)> {
        match self {
            Self::Keyed(Ordered(members)) => members
                .into_iter()
                .filter_map(|(key, value)| Some((Some(key), value.into_read()?)))
                .collect(),
            Self::Listed(list) => list
                .into_iter()
                .filter_map(|value| Some((None, value.into_read()?)))
                .collect(),
            Self::Other(_) => Vec::new(),
        }
    }
}

/// A headline, description or body: 2.x writes `{role, contenttype, value}`; 1.x
/// writes `headline_<role>`, `description_<role>`, `body_<role>` members, read into
/// the same shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RoleText {
    /// Lowercase; empty when the sender gave none.
    pub role: String,
    /// Lowercase media type; empty when the sender gave none.
    pub content_type: String,
    pub value: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawRoleText {
    role: Option<Scalar>,
    #[serde(alias = "contentType")]
    contenttype: Option<Scalar>,
    value: Option<Scalar>,
}

impl RoleText {
    fn new(role: &str, content_type: &str, value: String) -> Self {
        Self {
            role: role.trim().to_ascii_lowercase(),
            content_type: content_type.trim().to_ascii_lowercase(),
            value,
        }
    }

    fn from_raw(raw: RawRoleText) -> Option<Self> {
        let value = text_of(&raw.value)?;
        Some(Self::new(
            &text_of(&raw.role).unwrap_or_default(),
            &text_of(&raw.contenttype).unwrap_or_default(),
            value,
        ))
    }
}

/// A subject, person, organisation, place, genre, info source, author or signal.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Entity {
    pub name: Option<Scalar>,
    pub code: Option<Scalar>,
    pub qcode: Option<Scalar>,
    pub role: Option<Scalar>,
    pub lang: Option<Scalar>,
}

/// A signal is a bare code in some feeds and a described concept in others.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum Tag {
    Code(String),
    Concept(Entity),
}

/// One rendition of a picture (or of any media).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Rendition {
    pub name: Option<Scalar>,
    pub title: Option<Scalar>,
    pub href: Option<Scalar>,
    pub mimetype: Option<Scalar>,
    #[serde(alias = "contentType")]
    pub contenttype: Option<Scalar>,
    pub width: Option<Scalar>,
    pub height: Option<Scalar>,
}

/// An AP Media API byline entry.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ApByline {
    pub by: Option<Scalar>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RightsInfo {
    #[serde(alias = "linkedRights")]
    linkedrights: Option<Scalar>,
}

/// 1.x `altids` is an object of named ids; 2.x and 3.x list `{role, value}` pairs.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum AltIds {
    Keyed(Ordered<Scalar>),
    Listed(Vec<Lenient<RawRoleText>>),
    Other(IgnoredAny),
}

impl AltIds {
    fn into_pairs(self) -> Vec<(String, String)> {
        match self {
            Self::Keyed(Ordered(members)) => members
                .into_iter()
                .filter_map(|(key, value)| Some((key.to_ascii_lowercase(), value.text()?)))
                .collect(),
            Self::Listed(list) => list
                .into_iter()
                .filter_map(Lenient::into_read)
                .filter_map(RoleText::from_raw)
                .map(|alt| (alt.role, alt.value))
                .collect(),
            Self::Other(_) => Vec::new(),
        }
    }
}

/// One ninjs object: an item, an association of an item, or an envelope around items.
#[derive(Debug, Default)]
pub(super) struct NinjsItem {
    pub uri: Option<Scalar>,
    /// Superdesk and other vendors identify items by `guid` instead of `uri`.
    pub guid: Option<Scalar>,
    pub id: Option<Scalar>,
    /// `(role or name, value)`, roles lowercased.
    pub altids: Vec<(String, String)>,
    pub kind: Option<Scalar>,
    pub version: Option<Scalar>,
    pub versioncreated: Option<Scalar>,
    pub firstcreated: Option<Scalar>,
    pub firstpublished: Option<Scalar>,
    pub pubstatus: Option<Scalar>,
    pub embargoed: Option<Scalar>,
    pub expires: Option<Scalar>,
    pub urgency: Option<Scalar>,
    pub language: Option<Scalar>,
    pub located: Option<Scalar>,
    pub dateline: Option<Scalar>,
    pub headlines: Vec<RoleText>,
    pub descriptions: Vec<RoleText>,
    pub bodies: Vec<RoleText>,
    pub byline: Option<Scalar>,
    pub by: Option<Scalar>,
    pub bylines: Vec<ApByline>,
    pub authors: Vec<Entity>,
    pub subjects: Vec<Entity>,
    pub people: Vec<Entity>,
    pub organisations: Vec<Entity>,
    pub places: Vec<Entity>,
    pub genres: Vec<Entity>,
    pub infosources: Vec<Entity>,
    pub source: Option<Scalar>,
    pub provider: Option<Scalar>,
    pub copyrightnotice: Option<Scalar>,
    pub copyrightholder: Option<Scalar>,
    pub usageterms: Vec<Scalar>,
    pub linkedrights: Option<Scalar>,
    pub ednote: Option<Scalar>,
    pub signals: Vec<Tag>,
    pub editorialtypes: Vec<Scalar>,
    pub associations: Vec<NinjsItem>,
    /// Each rendition with its 1.x key when it had one.
    pub renditions: Vec<(Option<String>, Rendition)>,
    /// ninjs 3.x event and planning objects carry these instead of a body.
    pub has_event_details: bool,
    pub has_planned_coverage: bool,
    /// What an envelope object carries under `data`, `item`, `items` or `_items`.
    pub wrapped: Vec<Node>,
    /// How many more levels of envelopes and associations this object may open.
    room: u8,
}

impl NinjsItem {
    /// Whether the object is an item rather than an envelope around items: it carries
    /// at least one member only an item has.
    pub(super) fn is_item(&self) -> bool {
        self.uri.is_some()
            || self.guid.is_some()
            || self.kind.is_some()
            || self.pubstatus.is_some()
            || self.versioncreated.is_some()
            || !self.headlines.is_empty()
            || !self.bodies.is_empty()
            || self.byline.is_some()
            || self.by.is_some()
            || !self.renditions.is_empty()
    }

    /// Reads one member into the item; unknown members are skipped.
    fn read_member<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        let many = |map: &mut A| -> Result<Vec<Entity>, A::Error> {
            Ok(map.next_value::<Many<Entity>>()?.into_vec())
        };
        match key {
            "uri" => self.uri = map.next_value()?,
            "guid" => self.guid = map.next_value()?,
            "id" => self.id = map.next_value()?,
            "altids" | "altIds" => self.altids = map.next_value::<AltIds>()?.into_pairs(),
            "type" => self.kind = map.next_value()?,
            "version" => self.version = map.next_value()?,
            "versioncreated" | "versionCreated" => self.versioncreated = map.next_value()?,
            "firstcreated" | "firstCreated" => self.firstcreated = map.next_value()?,
            "firstpublished" => self.firstpublished = map.next_value()?,
            "pubstatus" | "pubStatus" => self.pubstatus = map.next_value()?,
            "embargoed" | "embargoedUntil" => self.embargoed = map.next_value()?,
            "expires" => self.expires = map.next_value()?,
            "urgency" => self.urgency = map.next_value()?,
            "language" => self.language = map.next_value()?,
            "located" => self.located = map.next_value()?,
            "dateline" => self.dateline = map.next_value()?,
            "byline" => self.byline = map.next_value()?,
            "by" => self.by = map.next_value()?,
            "bylines" => self.bylines = map.next_value::<Many<ApByline>>()?.into_vec(),
            "authors" => self.authors = many(map)?,
            "headline" => {
                let headline: Option<Scalar> = map.next_value()?;
                self.headlines
                    .extend(text_of(&headline).map(|value| RoleText::new("", "", value)));
            }
            "headlines" => self.headlines.extend(role_texts(map.next_value()?)),
            "descriptions" => self.descriptions.extend(role_texts(map.next_value()?)),
            "bodies" => self.bodies.extend(role_texts(map.next_value()?)),
            "subject" | "subjects" => self.subjects.extend(many(map)?),
            "person" | "people" => self.people.extend(many(map)?),
            "organisation" | "organisations" => self.organisations.extend(many(map)?),
            "place" | "places" => self.places.extend(many(map)?),
            "genre" | "genres" => self.genres.extend(many(map)?),
            "infosource" | "infosources" | "infoSources" => self.infosources.extend(many(map)?),
            "source" => self.source = map.next_value()?,
            "provider" => self.provider = map.next_value()?,
            "copyrightnotice" | "copyrightNotice" => self.copyrightnotice = map.next_value()?,
            "copyrightholder" | "copyrightHolder" => self.copyrightholder = map.next_value()?,
            "usageterms" | "usageTerms" => {
                self.usageterms = map.next_value::<Many<Scalar>>()?.into_vec();
            }
            "rightsinfo" | "rightsInfo" => {
                self.linkedrights = map
                    .next_value::<Lenient<RightsInfo>>()?
                    .into_read()
                    .and_then(|rights| rights.linkedrights);
            }
            "ednote" | "edNote" => self.ednote = map.next_value()?,
            "signal" | "signals" => self
                .signals
                .extend(map.next_value::<Many<Tag>>()?.into_vec()),
            "editorialtypes" => {
                self.editorialtypes = map.next_value::<Many<Scalar>>()?.into_vec();
            }
            // Past the room left, envelopes and associations are skipped unread: each
            // level read costs stack, and no real file nests them deeply.
            "associations" | "data" | "item" | "items" | "_items" if self.room == 0 => {
                map.next_value::<IgnoredAny>()?;
            }
            "associations" => {
                let associations = map.next_value::<Named<Association>>()?.into_entries();
                self.associations = associations.into_iter().map(|(_, a)| a.0).collect();
            }
            "data" | "item" | "items" | "_items" => {
                self.wrapped.push(map.next_value_seed(NodeSeed {
                    room: self.room - 1,
                })?);
            }
            "renditions" => self.renditions = map.next_value::<Named<Rendition>>()?.into_entries(),
            "eventDetails" => {
                map.next_value::<IgnoredAny>()?;
                self.has_event_details = true;
            }
            "plannedCoverage" => {
                map.next_value::<IgnoredAny>()?;
                self.has_planned_coverage = true;
            }
            _ => self.read_patterned_member(key, map)?,
        }
        Ok(())
    }

    /// ninjs 1.x `headline_<role>`, `description_<role>` and `body_<role>` members
    /// (schema 1.0–1.6 `patternProperties`); anything else is skipped.
    fn read_patterned_member<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        let patterned = [
            ("headline_", &mut self.headlines),
            ("description_", &mut self.descriptions),
            ("body_", &mut self.bodies),
        ];
        for (prefix, texts) in patterned {
            if let Some(role) = key.strip_prefix(prefix) {
                let value: Option<Scalar> = map.next_value()?;
                texts.extend(text_of(&value).map(|value| RoleText::new(role, "", value)));
                return Ok(());
            }
        }
        map.next_value::<IgnoredAny>()?;
        Ok(())
    }
}

fn role_texts(texts: Many<RawRoleText>) -> impl Iterator<Item = RoleText> {
    texts.into_vec().into_iter().filter_map(RoleText::from_raw)
}

/// Envelopes real feeds use nest three objects deep at most (AP: `data`, `items[]`,
/// `item`).
pub(super) const ENVELOPE_LEVELS: u8 = 8;

fn read_item<'de, A: MapAccess<'de>>(mut map: A, room: u8) -> Result<NinjsItem, A::Error> {
    let mut item = NinjsItem {
        room,
        ..NinjsItem::default()
    };
    while let Some(key) = map.next_key::<String>()? {
        item.read_member(&key, &mut map)?;
    }
    Ok(item)
}

/// Reads an object as an item with the given room for nesting.
struct ItemVisitor {
    room: u8,
}

impl<'de> Visitor<'de> for ItemVisitor {
    type Value = NinjsItem;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a ninjs object")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        read_item(map, self.room)
    }
}

impl<'de> Deserialize<'de> for NinjsItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ItemVisitor {
            room: ENVELOPE_LEVELS,
        })
    }
}

/// An item read as another item's association: only a story's own associations are
/// shown, so an association's associations are not read.
#[derive(Debug)]
struct Association(NinjsItem);

impl<'de> Deserialize<'de> for Association {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_map(ItemVisitor { room: 0 })
            .map(Association)
    }
}

/// Whatever a ninjs document holds at any level: an object (an item or an envelope),
/// a list, or a value that is neither.
#[derive(Debug)]
pub(super) enum Node {
    Object(Box<NinjsItem>),
    List(Vec<Node>),
    Other,
}

impl Node {
    /// The items of the document in order, looking through lists and envelopes
    /// (`{"data": {"item": …}}`, `{"total": 1, "item": […]}`, `{"_items": […]}`).
    pub(super) fn items(&self) -> Vec<&NinjsItem> {
        let mut items = Vec::new();
        self.collect_items(&mut items);
        items
    }

    fn collect_items<'a>(&'a self, items: &mut Vec<&'a NinjsItem>) {
        match self {
            Self::Object(object) if object.is_item() => items.push(object),
            Self::Object(envelope) => {
                for node in &envelope.wrapped {
                    node.collect_items(items);
                }
            }
            Self::List(nodes) => {
                for node in nodes {
                    node.collect_items(items);
                }
            }
            Self::Other => {}
        }
    }
}

/// Reads a [`Node`] with the given room for nesting. Lists take no room: they cost
/// little stack, and serde_json's recursion limit bounds them.
#[derive(Clone, Copy)]
pub(super) struct NodeSeed {
    pub room: u8,
}

impl<'de> DeserializeSeed<'de> for NodeSeed {
    type Value = Node;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NodeSeed {
    type Value = Node;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Node, A::Error> {
        Ok(Node::Object(Box::new(read_item(map, self.room)?)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut nodes = Vec::new();
        while let Some(node) = seq.next_element_seed(self)? {
            nodes.push(node);
        }
        Ok(Node::List(nodes))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Node, E> {
        Ok(Node::Other)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Node, E> {
        Ok(Node::Other)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Node, E> {
        Ok(Node::Other)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
        Ok(Node::Other)
    }
    fn visit_str<E>(self, _: &str) -> Result<Node, E> {
        Ok(Node::Other)
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(json: &str) -> NinjsItem {
        serde_json::from_str(json).expect("a readable item")
    }

    fn node(json: &str) -> Node {
        NodeSeed {
            room: ENVELOPE_LEVELS,
        }
        .deserialize(&mut serde_json::Deserializer::from_str(json))
        .expect("readable")
    }

    #[test]
    fn one_x_patterned_members_and_two_x_lists_read_into_role_texts() {
        let item = item(
            r#"{"headline": "Main", "headline_extended": "Longer",
                "headlines": [{"role": "Main", "contentType": "text/HTML", "value": "Two"}],
                "body_html": "<p>x</p>", "description_text": " Deck ", "body_empty": ""}"#,
        );
        assert_eq!(
            item.headlines,
            vec![
                RoleText::new("", "", "Main".into()),
                RoleText::new("extended", "", "Longer".into()),
                RoleText::new("main", "text/html", "Two".into()),
            ]
        );
        assert_eq!(
            item.bodies,
            vec![RoleText::new("html", "", "<p>x</p>".into())]
        );
        assert_eq!(item.descriptions[0].value, "Deck");
    }

    #[test]
    fn members_of_unexpected_shapes_are_read_where_they_make_sense() {
        let item = item(
            r#"{"version": 0, "urgency": "3", "usageterms": "Editorial use only",
                "subject": {"name": "Harbours"}, "person": ["not an object", {"name": "Ana"}],
                "headline": {"nested": true}, "renditions": "none", "associations": 7,
                "altids": [{"role": "ItemId", "value": "abc"}]}"#,
        );
        assert_eq!(text_of(&item.version).as_deref(), Some("0"));
        assert_eq!(text_of(&item.urgency).as_deref(), Some("3"));
        assert_eq!(item.usageterms.len(), 1);
        assert_eq!(item.subjects.len(), 1);
        assert_eq!(item.people.len(), 1, "the stray string is skipped");
        assert!(item.headlines.is_empty());
        assert!(item.renditions.is_empty() && item.associations.is_empty());
        assert_eq!(item.altids, vec![("itemid".to_owned(), "abc".to_owned())]);
    }

    #[test]
    fn keyed_associations_and_renditions_keep_document_order() {
        let item = item(
            r#"{"associations": {"zeta": {"uri": "z"}, "alpha": {"uri": "a"}},
                "renditions": {"viewImage": {"href": "v"}, "baseImage": {"href": "b"}}}"#,
        );
        let uris: Vec<_> = item.associations.iter().map(|a| text_of(&a.uri)).collect();
        assert_eq!(uris, vec![Some("z".to_owned()), Some("a".to_owned())]);
        let names: Vec<_> = item
            .renditions
            .iter()
            .map(|(key, _)| key.as_deref())
            .collect();
        assert_eq!(names, vec![Some("viewImage"), Some("baseImage")]);
    }

    #[test]
    fn envelopes_and_lists_are_looked_through() {
        let envelope = node(
            r#"{"api_version": "1.1", "data": {"items": [{"meta": {}, "item": {"uri": "a"}},
                {"item": {"guid": "b"}}]}, "extra": [{"uri": "not an item of the envelope"}]}"#,
        );
        let ids: Vec<_> = envelope
            .items()
            .iter()
            .map(|i| text_of(&i.uri).or(text_of(&i.guid)))
            .collect();
        assert_eq!(ids, vec![Some("a".to_owned()), Some("b".to_owned())]);
        let list = node(r#"[1, "x", null, {"uri": "c"}, [{"uri": "d"}]]"#);
        assert_eq!(list.items().len(), 2);
    }

    #[test]
    fn envelopes_deeper_than_real_feeds_nest_are_skipped() {
        let wrap = |levels: usize| {
            format!(
                "{}{{\"uri\": \"x\"}}{}",
                "{\"data\": ".repeat(levels),
                "}".repeat(levels)
            )
        };
        assert_eq!(node(&wrap(usize::from(ENVELOPE_LEVELS))).items().len(), 1);
        assert_eq!(
            node(&wrap(usize::from(ENVELOPE_LEVELS) + 1)).items().len(),
            0
        );
    }
}
