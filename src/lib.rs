//! WebDAV `207 Multi-Status` bodies from Rust structs, with property names checked at compile
//! time.
//!
//! Put `#[derive(PropertySet)]` on a struct of WebDAV properties; answer PROPFIND and PROPPATCH
//! with [`propfind::PropfindAnswer`] and [`proppatch::PatchAnswer`]; stream the body with
//! [`MultistatusWriter`]. Every namespace is declared once on the root (`DAV:` as `D`), text is
//! escaped (a `\r` survives as `&#13;`, characters XML cannot carry are an error), hrefs are
//! percent-encoded, and memory does not grow with the number of resources.
//!
//! # Quick start
//!
//! ```
//! use multistatus::{Href, MultistatusWriter, PropertySet};
//! use multistatus::propfind::PropfindAnswer;
//! use multistatus::request::Propfind;
//! use multistatus::values::ResourceType;
//!
//! #[derive(PropertySet)]
//! struct FileProps {
//!     displayname: String,
//!     getcontentlength: Option<u64>,
//!     resourcetype: ResourceType,
//! }
//!
//! // The PROPFIND body, as the client sent it.
//! let request = Propfind::parse(br#"<propfind xmlns="DAV:">
//!     <prop><displayname/><getcontentlength/><getetag/></prop>
//! </propfind>"#)?;
//! let answer = PropfindAnswer::<FileProps>::new(&request);
//!
//! let mut body = MultistatusWriter::new(Vec::new(), answer.namespaces());
//! let file = FileProps {
//!     displayname: "Q1 & Q2".into(),
//!     getcontentlength: Some(4525),
//!     resourcetype: ResourceType::RESOURCE,
//! };
//! answer.write(&mut body, &Href::from_path("/docs/Q1 & Q2.pdf")?, &file)?;
//! let body = String::from_utf8(body.finish()?)?;
//!
//! assert_eq!(body, concat!(
//!     "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n",
//!     r#"<D:multistatus xmlns:D="DAV:"><D:response><D:href>/docs/Q1%20&amp;%20Q2.pdf</D:href>"#,
//!     "<D:propstat><D:prop><D:displayname>Q1 &amp; Q2</D:displayname>",
//!     "<D:getcontentlength>4525</D:getcontentlength></D:prop>",
//!     "<D:status>HTTP/1.1 200 OK</D:status></D:propstat>",
//!     "<D:propstat><D:prop><D:getetag/></D:prop>",
//!     "<D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>",
//!     "</D:response></D:multistatus>",
//! ));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Property sets
//!
//! Each field of a `#[derive(PropertySet)]` struct is a property. Its name is the field's
//! name in kebab-case (`current_user_principal` is `current-user-principal`), in the `DAV:`
//! namespace, unless attributes say otherwise:
//!
//! | on the struct | meaning |
//! |---|---|
//! | `#[dav(namespace = "urn:…")]` | the namespace of every field (default `DAV:`) |
//! | `#[dav(no_namespace)]` | fields are in no namespace |
//! | `#[dav(rename_all = "…")]` | `kebab-case` (default), `lowercase`, `UPPERCASE`, `PascalCase`, `camelCase`, `snake_case`, `SCREAMING_SNAKE_CASE`, `SCREAMING-KEBAB-CASE` |
//! | `#[dav(allprop)]`, `#[dav(allprop = false)]` | whether fields belong to `allprop` |
//! | `#[dav(crate = "path")]` | the path of this crate, for crates that re-export it or depend on it under another name |
//! | `#[dav(name_enum = "PropsKey")]` | the name of the typed-name enum (default `<Struct>Name`) |
//!
//! | on a field | meaning |
//! |---|---|
//! | `#[dav(rename = "getetag")]` | the local name (beats `rename_all`) |
//! | `#[dav(namespace = "urn:…")]`, `#[dav(no_namespace)]` | the field's namespace |
//! | `#[dav(allprop)]`, `#[dav(allprop = false)]` | whether `allprop` reports it |
//! | `#[dav(flatten)]` | the field is itself a property set whose properties are this set's |
//! | `#[dav(dead)]` | the resource's store of dead properties (a [`DeadProperties`]): not a property, one per set; [`PropertySet::dead`] returns it (else a flattened set's) |
//! | `#[dav(skip)]` | not a property |
//!
//! A set may borrow its values — `struct Row<'a> { displayname: &'a str, … }`, `Cow<'a, str>`,
//! `&'a T` — so that a server renders rows without an owned `String` per property; its
//! typed-name enum has no lifetime. Type and const parameters are refused.
//!
//! **`allprop`.** RFC 4918 §9.1 has `allprop` return the dead properties and "the live
//! properties defined in this document". So by default a field is in `allprop` exactly when it
//! is one of the ten RFC 4918 live properties (`creationdate`, `displayname`,
//! `getcontentlanguage`, `getcontentlength`, `getcontenttype`, `getetag`, `getlastmodified`,
//! `lockdiscovery`, `resourcetype`, `supportedlock`) in `DAV:`. Other live properties — ACL,
//! CalDAV, quota, … — are reported only when asked for by name, as their RFCs require. Mark dead
//! properties (and anything else you want listed) with `allprop`.
//!
//! **Field types** decide what is reported:
//! - `Option<T>`: `None` is a property not defined on this resource: 404 when requested,
//!   absent from `allprop` and `propname`;
//! - `Result<T, Status>`: `Err(status)` reports the property with that status, in a propstat
//!   of its own (403 for a property the user may not read, …);
//! - any [`PropertyValue`]: strings, integers, `bool`, `SystemTime` (RFC 1123, as
//!   `getlastmodified` wants), [`values::Rfc3339`] (as `creationdate` wants), [`Href`],
//!   lists of elements (`Vec<T>` for a [`ListItem`] `T`: `Vec<Href>`, a `Vec` of a derived
//!   enum), [`values::ResourceType`], [`values::SupportedLock`], [`values::LockDiscovery`],
//!   [`values::ResourceId`], [`values::Lang`] for a value with its `xml:lang`, and
//!   [`values::RawValue`] for raw XML content with the property element's attributes and
//!   `xml:lang`.
//!
//! `Vec<String>` is not a value: its items would run together (`<x>AB</x>`). Name the
//! elements with a value struct (below) whose `Vec` field writes one element per item.
//!
//! A mistake is a compile error on the offending token: an invalid XML name or namespace
//! (`dav:` for `DAV:`, the name `xmlns`), two properties with the same name (also across
//! flattened sets: the error names both fields), an unknown or repeated attribute, a field
//! type that is not a property value, two stores of dead properties, an item that already
//! has the typed-name enum's name.
//!
//! **A renamed dependency** (`dav = { package = "multistatus", … }` in `Cargo.toml`) needs
//! `#[dav(crate = "dav")]` on each derived type: a procedural macro cannot learn the name
//! its crate was given. Without it the derive fails with one error on the derive itself,
//! ``unresolved import `multistatus` ``; with a wrong path, the error is on the attribute's
//! string (generated code reaches this crate through a single import of that path). A crate
//! that re-exports this one gives its own path the same way
//! (`#[dav(crate = "my_crate::multistatus")]`).
//!
//! # Typed names
//!
//! The derive also generates an enum of the set's property names, `<Struct>Name`, so that code
//! refers to properties through the compiler: a misspelled property does not compile. A
//! flattened set's names are wrapped in a variant named after the field, and convert with
//! `From`. The enum is brought in beside the set by a glob import: if another item already
//! has its name, that is one compile error, and `#[dav(name_enum = "…")]` names it otherwise.
//!
//! ```
//! use multistatus::{PropertyName, PropertySet};
//!
//! #[derive(PropertySet)]
//! #[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
//! struct CalendarProps {
//!     calendar_description: Option<String>,
//! }
//!
//! #[derive(PropertySet)]
//! struct Props {
//!     displayname: Option<String>,
//!     #[dav(flatten)]
//!     caldav: CalendarProps,
//! }
//!
//! let name = PropsName::from_name("urn:ietf:params:xml:ns:caldav", "calendar-description");
//! assert_eq!(name, Some(PropsName::Caldav(CalendarPropsName::CalendarDescription)));
//! assert_eq!(PropsName::from(CalendarPropsName::CalendarDescription), name.unwrap());
//! assert_eq!(PropsName::Displayname.name().to_string(), "{DAV:}displayname");
//! assert!(PropsName::Displayname.in_allprop());
//! assert!(!name.unwrap().in_allprop());
//! ```
//!
//! # Values
//!
//! `#[derive(PropertyValue)]` makes a type usable as a property value:
//! - a struct with named fields writes one child element per field (same naming rules and
//!   attributes as property sets, default namespace `DAV:`), `None` fields left out; a
//!   `Vec<T>` (or `&[T]`) field writes one element per item, each named by the field;
//! - a one-field tuple struct is its field's value;
//! - an enum is a choice: a unit variant writes an empty element named after it, a one-field
//!   variant an element holding the value (or, with `#[dav(flatten)]`, just the value). An
//!   enum without flattened variants writes one element per value, so a `Vec` of it is a
//!   value too.
//!
//! | on a value struct's field | meaning |
//! |---|---|
//! | `#[dav(rename = "…")]`, `#[dav(namespace = "urn:…")]`, `#[dav(no_namespace)]` | the child element's (or attribute's) name |
//! | `#[dav(attribute)]` | an attribute of the value's element (in no namespace unless `namespace` says): text, integers, `bool` ([`AttributeValue`]); `None` leaves it out |
//! | `#[dav(text)]` | the text of the value's element, beside its attributes: one field at most, and no child elements then |
//! | `#[dav(flatten)]` | the field's content without an element of its own |
//! | `#[dav(skip)]` | not written |
//!
//! ```
//! use multistatus::{Namespaces, PropertySet, PropertyValue, Sink, Selected, PropContent};
//!
//! /// `C:comp` (RFC 4791 §9.6.1).
//! #[derive(PropertyValue)]
//! #[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
//! struct Comp {
//!     #[dav(attribute)]
//!     name: &'static str,
//! }
//!
//! /// `C:supported-calendar-component-set`: one `C:comp` per component.
//! #[derive(PropertyValue)]
//! #[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
//! struct Components {
//!     comp: Vec<Comp>,
//! }
//!
//! /// `C:calendar-data` (RFC 4791 §9.6): attributes and the calendar.
//! #[derive(PropertyValue)]
//! struct CalendarData<'a> {
//!     #[dav(attribute)]
//!     content_type: &'static str,
//!     #[dav(attribute)]
//!     version: Option<&'static str>,
//!     #[dav(text)]
//!     data: &'a str,
//! }
//!
//! #[derive(PropertySet)]
//! #[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
//! struct Event<'a> {
//!     supported_calendar_component_set: Components,
//!     calendar_data: CalendarData<'a>,
//! }
//!
//! let ics = String::from("BEGIN:VCALENDAR\r\n");
//! let event = Event {
//!     supported_calendar_component_set: Components {
//!         comp: vec![Comp { name: "VEVENT" }, Comp { name: "VTODO" }],
//!     },
//!     calendar_data: CalendarData { content_type: "text/calendar", version: Some("2.0"), data: &ics },
//! };
//! let mut namespaces = Namespaces::new();
//! Event::declare_namespaces(&mut namespaces);
//! let mut sink = Sink::new(namespaces);
//! let names = [EventName::SupportedCalendarComponentSet, EventName::CalendarData];
//! Selected { set: &event, names: &names }.write_prop(&mut sink)?;
//! assert_eq!(sink.as_str(), concat!(
//!     r#"<C:supported-calendar-component-set><C:comp name="VEVENT"/><C:comp name="VTODO"/>"#,
//!     "</C:supported-calendar-component-set>",
//!     r#"<C:calendar-data content-type="text/calendar" version="2.0">BEGIN:VCALENDAR&#13;"#,
//!     "\n</C:calendar-data>",
//! ));
//! # Ok::<(), multistatus::Error>(())
//! ```
//!
//! ```
//! use multistatus::{Href, Namespaces, PropertySet, PropertyValue, Sink, AllProp, PropContent};
//!
//! /// `DAV:current-user-principal` (RFC 5397): a href, or `unauthenticated`.
//! #[derive(PropertyValue)]
//! enum Principal {
//!     #[dav(flatten)]
//!     Href(Href<'static>),
//!     Unauthenticated,
//! }
//!
//! #[derive(PropertyValue)]
//! #[dav(namespace = "http://example.com/ns")]
//! struct Label {
//!     color: String,
//!     priority: Option<u8>,
//! }
//!
//! #[derive(PropertySet)]
//! #[dav(allprop)]
//! struct Props {
//!     current_user_principal: Principal,
//!     #[dav(namespace = "http://example.com/ns")]
//!     label: Label,
//! }
//!
//! let props = Props {
//!     current_user_principal: Principal::Href(Href::from_path("/principals/ana/")?),
//!     label: Label { color: "red".into(), priority: None },
//! };
//! let mut namespaces = Namespaces::new();
//! Props::declare_namespaces(&mut namespaces);
//! let mut sink = Sink::new(namespaces);
//! AllProp(&props).write_prop(&mut sink)?;
//! assert_eq!(sink.as_str(), concat!(
//!     "<D:current-user-principal><D:href>/principals/ana/</D:href></D:current-user-principal>",
//!     "<ns1:label><ns1:color>red</ns1:color></ns1:label>",
//! ));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Streaming and the model
//!
//! [`MultistatusWriter`] writes one response at a time to any `std::io::Write`; each response
//! is rendered into a reused buffer and handed on once complete, so a failing value (an illegal
//! character, say) leaves nothing partial. The shapes of RFC 4918 §14.24 hold by construction:
//! a response is an href with one or more propstats, or hrefs with one status. The model types
//! ([`Multistatus`], [`Response`], [`Propstat`]) build small bodies as values.
//!
//! # PROPPATCH
//!
//! [`proppatch::PatchAnswer::evaluate`] asks the application about each instruction of a
//! parsed [`request::PropertyUpdate`] and produces the all-or-nothing answer of RFC 4918 §9.2:
//! failed properties with their status (403 plus `cannot-modify-protected-property` for
//! protected ones), the others 424 Failed Dependency. [`request::Instruction::typed`] turns an
//! instruction's name into a typed name to `match` on.
//!
//! # Dead properties
//!
//! A property a client sets that the set does not know (`{http://apple.com/ns/ical/}refreshrate`)
//! is a dead property: kept as a [`DeadProperty`], the client's own XML with the namespaces and
//! language in scope declared on it, so that it comes back unchanged (RFC 4918 §4.3).
//! [`proppatch::PatchAnswer::evaluate_set`] routes each instruction: typed names to the
//! application, every other one to a store ([`DeadPropertiesMut`]; [`DeadMap`] in memory, or
//! the application's database). A set hands its store to PROPFIND answers through
//! [`PropertySet::dead`]: unknown names are answered from it, `allprop` lists it, `propname`
//! names it.
//!
//! ```
//! use multistatus::{DeadMap, PropertySet};
//! use multistatus::proppatch::{PatchAnswer, PatchFailure};
//! use multistatus::request::{Instruction, PropertyUpdate};
//! use multistatus::values::Lang;
//!
//! #[derive(PropertySet)]
//! struct Calendar {
//!     displayname: Lang,
//!     getetag: String,
//! }
//!
//! let update = PropertyUpdate::parse(br#"<D:propertyupdate xmlns:D="DAV:" xmlns:A="http://apple.com/ns/ical/">
//!   <D:set xml:lang="fr"><D:prop>
//!     <D:displayname>Travail</D:displayname>
//!     <A:calendar-color symbolic-color="custom">#FF2968</A:calendar-color>
//!   </D:prop></D:set>
//! </D:propertyupdate>"#)?;
//! let mut calendar = Calendar { displayname: Lang::new("Work".into()), getetag: "\"1\"".into() };
//! let mut dead = DeadMap::new();
//! // Changes go to copies, kept only when everything succeeded.
//! let (mut displayname, mut store) = (calendar.displayname.clone(), dead.clone());
//! let answer = PatchAnswer::evaluate_set(&update, &mut store, |name: CalendarName, instruction| {
//!     match (name, instruction) {
//!         (CalendarName::Displayname, Instruction::Set(set)) => {
//!             displayname = Lang::text_of(set);
//!             Ok(())
//!         }
//!         _ => Err(PatchFailure::Protected),
//!     }
//! });
//! assert!(answer.succeeded());
//! (calendar.displayname, dead) = (displayname, store);
//! assert_eq!(calendar.displayname, Lang::new("Travail".to_owned()).with_lang("fr"));
//! let color: Vec<&str> = dead.iter().map(|p| p.xml()).collect();
//! assert_eq!(color, [concat!(
//!     r#"<A:calendar-color xmlns:D="DAV:" xmlns:A="http://apple.com/ns/ical/" xml:lang="fr""#,
//!     r#" symbolic-color="custom">#FF2968</A:calendar-color>"#,
//! )]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # A CalDAV collection
//!
//! The pieces together, as a CalDAV server answers a calendar collection and its events:
//! two sets (the collection's and the events') sharing one namespace table, dead properties a
//! client set by PROPPATCH (Apple's `calendar-color`, with its attribute), a value with
//! attributes (`C:comp name="VEVENT"`), a language (`xml:lang`), a per-property status (403),
//! the `Depth` header (`infinity` refused) and `Prefer: return=minimal` (no 404 propstats).
//!
//! ```
//! use multistatus::name::{CALDAV, Name};
//! use multistatus::propfind::PropfindAnswer;
//! use multistatus::proppatch::{PatchAnswer, PatchFailure};
//! use multistatus::request::{Depth, Instruction, PropertyUpdate, Propfind, return_minimal};
//! use multistatus::values::{Lang, ResourceType};
//! use multistatus::{DeadMap, Href, MultistatusWriter, PropertySet, PropertyValue, Status};
//!
//! /// `C:comp` (RFC 4791 §5.2.3): an empty element named by its attribute.
//! #[derive(PropertyValue)]
//! #[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
//! struct Comp {
//!     #[dav(attribute)]
//!     name: &'static str,
//! }
//!
//! /// One `C:comp` per supported component.
//! #[derive(PropertyValue)]
//! #[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
//! struct ComponentSet {
//!     comp: Vec<Comp>,
//! }
//!
//! #[derive(PropertySet)]
//! struct Calendar {
//!     displayname: Lang,
//!     resourcetype: ResourceType,
//!     quota_used_bytes: Result<u64, Status>,
//!     #[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
//!     supported_calendar_component_set: ComponentSet,
//!     #[dav(namespace = "http://calendarserver.org/ns/")]
//!     getctag: String,
//!     #[dav(dead)]
//!     dead: DeadMap,
//! }
//!
//! #[derive(PropertySet)]
//! struct Event {
//!     getetag: String,
//!     #[dav(dead)]
//!     dead: DeadMap,
//! }
//!
//! let mut calendar = Calendar {
//!     displayname: Lang::new("Work".into()),
//!     resourcetype: ResourceType::collection().with(Name::new_const(CALDAV, "calendar")),
//!     quota_used_bytes: Err(Status::FORBIDDEN), // this user may not see it
//!     supported_calendar_component_set: ComponentSet {
//!         comp: vec![Comp { name: "VEVENT" }, Comp { name: "VTODO" }],
//!     },
//!     getctag: "ctag-7".into(),
//!     dead: DeadMap::new(),
//! };
//!
//! // PROPPATCH from iOS: a typed name with a language, and a property the set does not know.
//! let update = PropertyUpdate::parse(br##"<A:propertyupdate xmlns:A="DAV:"><A:set><A:prop>
//!   <A:displayname xml:lang="fr">Travail</A:displayname>
//!   <B:calendar-color xmlns:B="http://apple.com/ns/ical/" symbolic-color="custom">#FF2968FF</B:calendar-color>
//! </A:prop></A:set></A:propertyupdate>"##)?;
//! // All or nothing: changes go to copies, kept when every instruction succeeded.
//! let (mut displayname, mut dead) = (calendar.displayname.clone(), calendar.dead.clone());
//! let answer = PatchAnswer::evaluate_set(&update, &mut dead, |name, instruction| {
//!     match (name, instruction) {
//!         (CalendarName::Displayname, Instruction::Set(set)) => {
//!             displayname = Lang::text_of(set);
//!             Ok(())
//!         }
//!         _ => Err(PatchFailure::Protected), // the other live properties
//!     }
//! });
//! assert!(answer.succeeded());
//! (calendar.displayname, calendar.dead) = (displayname, dead);
//!
//! // PROPFIND, Depth: 1, Prefer: return=minimal.
//! let depth = Depth::for_propfind(Some("1"))?.require_finite()?;
//! let minimal = return_minimal(["return=minimal"], None);
//! let request = Propfind::parse(br#"<A:propfind xmlns:A="DAV:"><A:prop>
//!   <B:calendar-color xmlns:B="http://apple.com/ns/ical/"/>
//!   <A:displayname/><A:getetag/><A:quota-used-bytes/>
//!   <C:supported-calendar-component-set xmlns:C="urn:ietf:params:xml:ns:caldav"/>
//! </A:prop></A:propfind>"#)?;
//! let mut collection = PropfindAnswer::<Calendar>::new(&request).minimal(minimal);
//! let mut events = PropfindAnswer::<Event>::new(&request).minimal(minimal);
//! collection.share_namespaces(&mut events); // one table, declared once on the root
//!
//! let mut body = MultistatusWriter::new(Vec::new(), collection.namespaces());
//! collection.write(&mut body, &Href::from_path("/cal/work/")?, &calendar)?;
//! if depth == Depth::One {
//!     let event = Event { getetag: "\"e1\"".into(), dead: DeadMap::new() };
//!     events.write(&mut body, &Href::from_path("/cal/work/e1.ics")?, &event)?;
//! }
//! let body = String::from_utf8(body.finish()?)?;
//! assert_eq!(body, concat!(
//!     "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n",
//!     r#"<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav""#,
//!     r#" xmlns:CS="http://calendarserver.org/ns/" xmlns:ICAL="http://apple.com/ns/ical/">"#,
//!     "<D:response><D:href>/cal/work/</D:href><D:propstat><D:prop>",
//!     // The dead property as the client sent it, its namespaces declared on it.
//!     r#"<B:calendar-color xmlns:A="DAV:" xmlns:B="http://apple.com/ns/ical/""#,
//!     r##" symbolic-color="custom">#FF2968FF</B:calendar-color>"##,
//!     r#"<D:displayname xml:lang="fr">Travail</D:displayname>"#,
//!     "<C:supported-calendar-component-set>",
//!     r#"<C:comp name="VEVENT"/><C:comp name="VTODO"/>"#,
//!     "</C:supported-calendar-component-set>",
//!     "</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>",
//!     "<D:propstat><D:prop><D:quota-used-bytes/></D:prop>",
//!     "<D:status>HTTP/1.1 403 Forbidden</D:status></D:propstat></D:response>",
//!     // return=minimal: the names an event does not have are left out (no 404 propstat).
//!     "<D:response><D:href>/cal/work/e1.ics</D:href><D:propstat><D:prop>",
//!     "<D:getetag>\"e1\"</D:getetag></D:prop>",
//!     "<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>",
//!     "</D:multistatus>",
//! ));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Parsing a 207
//!
//! The same derive reads 207 bodies on the client side: [`client::MultistatusReader`] takes a
//! body in memory (`from_slice`) or any `std::io::BufRead` (`new`) and yields one
//! [`client::ParsedResponse`] at a time, so memory stays flat however long the listing.
//! Names are matched by namespace and local name, never by prefix. Each known property lands
//! in its field whatever propstat carried it, with its status; every property the set does
//! not know is kept raw (a self-contained [`DeadProperty`]) with its status; a value that
//! does not parse is reported with its position and kept raw too. Field types say what a
//! property reported with an error status, or not reported, becomes: `Option<T>` is `None`,
//! `Result<T, Status>` is `Err(status)` (`Err(404)` when not reported).
//!
//! ```
//! use multistatus::client::MultistatusReader;
//! use multistatus::values::ResourceType;
//! use multistatus::{PropertySet, Status};
//!
//! #[derive(PropertySet, Debug, PartialEq)]
//! struct Entry {
//!     displayname: Option<String>,
//!     getcontentlength: Option<u64>,
//!     getetag: Result<String, Status>,
//!     resourcetype: ResourceType,
//! }
//!
//! // As a server sends it: its own prefix, a property in another namespace, a 404 propstat,
//! // the sync-token before the responses.
//! let body = br#"<?xml version="1.0"?>
//! <d:multistatus xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns">
//!   <d:sync-token>http://example.com/sync/7</d:sync-token>
//!   <d:response>
//!     <d:href>/files/Q1%20report.pdf</d:href>
//!     <d:propstat>
//!       <d:prop>
//!         <d:displayname>Q1 report</d:displayname>
//!         <d:getcontentlength>4525</d:getcontentlength>
//!         <d:resourcetype/>
//!         <oc:fileid>187</oc:fileid>
//!       </d:prop>
//!       <d:status>HTTP/1.1 200 OK</d:status>
//!     </d:propstat>
//!     <d:propstat>
//!       <d:prop><d:getetag/></d:prop>
//!       <d:status>HTTP/1.1 404 Not Found</d:status>
//!     </d:propstat>
//!   </d:response>
//! </d:multistatus>"#;
//!
//! let mut reader = MultistatusReader::<Entry, _>::from_slice(body);
//! let response = reader.next().unwrap()?;
//! assert_eq!(response.hrefs[0].decoded_path().as_deref(), Some("/files/Q1 report.pdf"));
//! let set = response.propstats().unwrap();
//! assert_eq!(set.props, Entry {
//!     displayname: Some("Q1 report".into()),
//!     getcontentlength: Some(4525),
//!     getetag: Err(Status::NOT_FOUND),
//!     resourcetype: ResourceType::RESOURCE,
//! });
//! assert_eq!(set.status(EntryName::Getetag).unwrap().status(), Status::NOT_FOUND);
//! // Kept: the name, the server's own XML with the namespaces in scope, the status.
//! let fileid = &set.unknown[0];
//! assert_eq!(fileid.property.name().to_string(), "{http://owncloud.org/ns}fileid");
//! assert_eq!(
//!     fileid.property.xml(),
//!     r#"<oc:fileid xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns">187</oc:fileid>"#,
//! );
//! assert_eq!(fileid.status.status(), Status::OK);
//! assert!(reader.next().is_none());
//! assert_eq!(reader.sync_token(), Some("http://example.com/sync/7"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`client::ParsedResponse::write_to`] writes a parsed response back with the writer
//! (`examples/reserialize.rs`); `examples/propfind.rs` is a command-line client built on the
//! reader.
//!
//! # Features
//!
//! - `derive` (default): the derive macros.
//! - `time`, `chrono`, `jiff`: [`PropertyValue`] for those crates' date types.
//! - `http`: `http::response` and `http::MultistatusBody`, a 207 `http::Response` with
//!   `Content-Type: application/xml; charset="utf-8"` whose body is rendered while it is
//!   sent, in chunks, in flat memory.
//! - `axum` (implies `http`): `IntoResponse` for the body, extractors for PROPFIND and
//!   PROPPATCH bodies that enforce the size limit while the body arrives (400, 413, 415 with
//!   a plain-text reason), and for the `Depth` and `Prefer` headers: see the `axum` module.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// Library code never panics on input: no unwrap, expect or panic outside tests.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub use multistatus_core::*;

#[cfg(feature = "axum")]
pub mod axum;
#[cfg(feature = "http")]
pub mod http;

#[cfg(feature = "derive")]
pub use multistatus_derive::{PropertySet, PropertyValue};

/// What generated code uses; not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use core::option::Option;
    pub use core::result::Result;
    pub use multistatus_core::name::{AttributeName, Tag};
    pub use multistatus_core::{
        AttributeValue, Attributes, DeadProperties, DeadPropertiesMut, DeadProperty, Error,
        ListItem, NameEnumOf, NameTree, ParseField, ParseListItem, ParseSet, ParseText, ParseValue,
        Plain, PropState, PropertyName, PropertySet, PropertyValue, Sink, Slots, Status,
        ValueError, ValueErrorKind, ValueReader, as_dead, as_value,
    };
}

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
