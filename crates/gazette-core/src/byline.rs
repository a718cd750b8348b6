//! Who wrote a story. A byline is an ordered list of people, each with an optional
//! organisation; "Henry Meyer and Volodymyr Verbianyi, Bloomberg News" is two people of
//! Bloomberg News, and is printed back in that shape.

use crate::Slug;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    pub organisation: Option<String>,
}

impl Person {
    pub fn new(name: impl Into<String>, organisation: Option<String>) -> Self {
        Self {
            name: name.into(),
            organisation,
        }
    }

    /// The slug of this person's author page. People are one page per name: a reporter
    /// who changes employer keeps their page.
    pub fn slug(&self) -> Option<Slug> {
        Slug::from_text(&self.name)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Byline(pub Vec<Person>);

/// Consecutive people of one organisation, printed together: "A and B, Org".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BylineGroup<'a> {
    pub people: Vec<&'a Person>,
    pub organisation: Option<&'a str>,
}

impl Byline {
    pub fn people(&self) -> &[Person] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Groups consecutive people who share an organisation, in byline order.
    pub fn groups(&self) -> Vec<BylineGroup<'_>> {
        let mut groups: Vec<BylineGroup<'_>> = Vec::new();
        for person in &self.0 {
            let organisation = person.organisation.as_deref();
            match groups.last_mut() {
                Some(group) if group.organisation == organisation => group.people.push(person),
                _ => groups.push(BylineGroup {
                    people: vec![person],
                    organisation,
                }),
            }
        }
        groups
    }

    /// The byline as one line of text, "Henry Meyer and Volodymyr Verbianyi, Bloomberg News".
    pub fn to_text(&self) -> String {
        self.groups()
            .iter()
            .map(|group| {
                let names: Vec<&str> = group.people.iter().map(|p| p.name.as_str()).collect();
                let names = join_names(&names);
                match group.organisation {
                    Some(org) => format!("{names}, {org}"),
                    None => names,
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// "A", "A and B", "A, B and C": the way a newsroom lists names.
pub fn join_names(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, org: Option<&str>) -> Person {
        Person::new(name, org.map(str::to_owned))
    }

    #[test]
    fn two_people_of_one_organisation_print_as_one_group() {
        let byline = Byline(vec![
            person("Henry Meyer", Some("Bloomberg News")),
            person("Volodymyr Verbianyi", Some("Bloomberg News")),
        ]);
        assert_eq!(byline.groups().len(), 1);
        assert_eq!(
            byline.to_text(),
            "Henry Meyer and Volodymyr Verbianyi, Bloomberg News"
        );
    }

    #[test]
    fn three_names_get_commas_and_a_final_and() {
        let byline = Byline(vec![
            person("A One", None),
            person("B Two", None),
            person("C Three", None),
        ]);
        assert_eq!(byline.to_text(), "A One, B Two and C Three");
    }

    #[test]
    fn people_with_names_in_any_script_have_an_author_page() {
        let slug = |name: &str| person(name, None).slug().map(|s| s.to_string());
        assert_eq!(slug("李明").as_deref(), Some("li-ming"));
        assert_eq!(slug("Ελένη Παππά").as_deref(), Some("elene-pappa"));
        assert_eq!(slug("Олена Коваль").as_deref(), Some("olena-koval"));
        assert_eq!(slug("Zoë Laurent").as_deref(), Some("zoe-laurent"));
    }

    #[test]
    fn people_of_different_organisations_print_in_separate_groups() {
        let byline = Byline(vec![
            person("A One", Some("Wire One")),
            person("B Two", Some("Wire Two")),
        ]);
        assert_eq!(byline.to_text(), "A One, Wire One; B Two, Wire Two");
    }
}
