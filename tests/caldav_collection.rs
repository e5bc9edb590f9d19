//! A CalDAV calendar collection and its calendar object resources, as a server author builds
//! them from the crate's pieces: two derived sets sharing one namespace table, dead properties
//! in a store, values with attributes, a per-property status, `Depth` and `Prefer`.
//!
//! The requests are shaped like the ones iOS and macOS Calendar send (prefix `A` for `DAV:`,
//! each other namespace declared on the element that uses it). Every expected body below was
//! written by hand from the RFCs and is compared namespace-aware (tests/support): RFC 4918
//! §9.1 (200 / 403 / 404 propstats, `allprop` = RFC 4918 live properties + every dead
//! property, `propname`), §9.2 (PROPPATCH all or nothing: 403 with
//! `cannot-modify-protected-property`, 424 for the rest), §4.3 (dead properties kept with their
//! attributes and language), RFC 4791 §5.2.3 (`supported-calendar-component-set`), RFC 6578
//! (`sync-token`), RFC 8144 §2.1 (`return=minimal` drops the 404 propstats).

mod caldav;
mod support;

use caldav::{ComponentSet, components};
use multistatus::name::{CALDAV, DAV, Name};
use multistatus::propfind::PropfindAnswer;
use multistatus::proppatch::{PatchAnswer, PatchFailure};
use multistatus::request::{Depth, Instruction, PropertyUpdate, Propfind, return_minimal};
use multistatus::values::{Lang, ResourceType};
use multistatus::{DeadMap, Href, MultistatusWriter, PropertySet, Status};
use support::{assert_xml_eq, parse_ok};

/// The calendar collection `/cal/ana/work/`.
#[derive(PropertySet, Clone)]
struct Calendar {
    displayname: Lang,
    resourcetype: ResourceType,
    owner: Href<'static>,
    /// RFC 6578.
    sync_token: String,
    /// RFC 4331: this user may not see the quota (a per-property status).
    quota_used_bytes: Result<u64, Status>,
    #[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
    calendar_description: Option<Lang>,
    #[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
    supported_calendar_component_set: ComponentSet,
    #[dav(namespace = "http://calendarserver.org/ns/")]
    getctag: String,
    /// What clients PROPPATCH that the server does not know (Apple's calendar-color, …).
    #[dav(dead)]
    dead: DeadMap,
}

/// A calendar object resource (an event) in the collection.
#[derive(PropertySet)]
struct Event {
    getetag: String,
    getcontenttype: &'static str,
    getcontentlength: u64,
    resourcetype: ResourceType,
    #[dav(dead)]
    dead: DeadMap,
}

fn calendar() -> Calendar {
    Calendar {
        displayname: Lang::new("Work".into()),
        resourcetype: ResourceType::collection().with(Name::new_const(CALDAV, "calendar")),
        owner: Href::from_path("/principals/ana/").unwrap(),
        sync_token: "http://example.com/sync/1234".into(),
        quota_used_bytes: Err(Status::FORBIDDEN),
        calendar_description: None,
        supported_calendar_component_set: components(),
        getctag: "ctag-7".into(),
        dead: DeadMap::new(),
    }
}

fn event() -> Event {
    Event {
        getetag: "\"e1-1\"".into(),
        getcontenttype: "text/calendar; charset=utf-8",
        getcontentlength: 712,
        resourcetype: ResourceType::RESOURCE,
        dead: DeadMap::new(),
    }
}

/// Applies a PROPPATCH to the collection as a server does: typed names it lets clients change
/// (`displayname`, `calendar-description`), the protected ones refused, every other name to
/// the dead property store; all on copies, kept only when everything succeeded. Returns the
/// answer's body.
fn proppatch(calendar: &mut Calendar, body: &str) -> String {
    let update = PropertyUpdate::parse(body.as_bytes()).unwrap();
    let mut staged = calendar.clone();
    let mut dead = std::mem::take(&mut staged.dead);
    let answer = PatchAnswer::evaluate_set(&update, &mut dead, |name, instruction| {
        match (name, instruction) {
            (CalendarName::Displayname, Instruction::Set(set)) => {
                staged.displayname = Lang::text_of(set);
                Ok(())
            }
            (CalendarName::CalendarDescription, Instruction::Set(set)) => {
                staged.calendar_description = Some(Lang::text_of(set));
                Ok(())
            }
            (CalendarName::CalendarDescription, Instruction::Remove(_)) => {
                staged.calendar_description = None;
                Ok(())
            }
            _ => Err(PatchFailure::Protected),
        }
    });
    if answer.succeeded() {
        staged.dead = dead;
        *calendar = staged;
    }
    let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
    answer
        .write(&mut ms, &Href::from_path("/cal/ana/work/").unwrap())
        .unwrap();
    let xml = String::from_utf8(ms.finish().unwrap()).unwrap();
    parse_ok(&xml);
    xml
}

/// Answers a PROPFIND on the collection: the collection, and its events when the depth says
/// so, in one body with one namespace table for the two sets.
fn propfind(calendar: &Calendar, body: &str, depth: Option<&str>, prefer: Option<&str>) -> String {
    let depth = Depth::for_propfind(depth).unwrap();
    let depth = depth.require_finite().unwrap();
    let request = Propfind::parse(body.as_bytes()).unwrap();
    let minimal = return_minimal(prefer, None);
    let mut coll = PropfindAnswer::<Calendar>::new(&request).minimal(minimal);
    let mut items = PropfindAnswer::<Event>::new(&request).minimal(minimal);
    coll.share_namespaces(&mut items);
    let mut ms = MultistatusWriter::new(Vec::new(), coll.namespaces());
    coll.write(
        &mut ms,
        &Href::from_path("/cal/ana/work/").unwrap(),
        calendar,
    )
    .unwrap();
    if depth == Depth::One {
        items
            .write(
                &mut ms,
                &Href::from_path("/cal/ana/work/e1.ics").unwrap(),
                &event(),
            )
            .unwrap();
    }
    let xml = String::from_utf8(ms.finish().unwrap()).unwrap();
    parse_ok(&xml);
    // One table for both sets: the namespaces of their typed names are declared on the root
    // only (below it, only dead properties and dead names, known per resource, declare theirs).
    let rest = &xml[xml.find("<D:response").unwrap()..];
    for typed in ["xmlns:C=", "xmlns:CS=", "xmlns:D="] {
        assert!(!rest.contains(typed), "{xml}");
    }
    xml
}

/// What iOS Calendar sets on a new calendar: its name with a language, its description, its
/// color (Apple's namespace, an attribute), its order.
const SETUP: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<A:propertyupdate xmlns:A="DAV:">
  <A:set>
    <A:prop>
      <A:displayname xml:lang="fr">Travail</A:displayname>
      <C:calendar-description xmlns:C="urn:ietf:params:xml:ns:caldav" xml:lang="fr">Réunions &amp; échéances</C:calendar-description>
      <B:calendar-color xmlns:B="http://apple.com/ns/ical/" symbolic-color="custom">#FF2968FF</B:calendar-color>
      <B:calendar-order xmlns:B="http://apple.com/ns/ical/">3</B:calendar-order>
    </A:prop>
  </A:set>
</A:propertyupdate>"##;

/// The PROPFIND iOS sends on a calendar collection (`Depth: 1`), with a name no server here
/// knows (`bulk-requests`).
const IOS_PROPFIND: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<A:propfind xmlns:A="DAV:">
  <A:prop>
    <B:calendar-color xmlns:B="http://apple.com/ns/ical/"/>
    <B:calendar-order xmlns:B="http://apple.com/ns/ical/"/>
    <C:calendar-description xmlns:C="urn:ietf:params:xml:ns:caldav"/>
    <D:getctag xmlns:D="http://calendarserver.org/ns/"/>
    <A:displayname/>
    <A:owner/>
    <A:resourcetype/>
    <A:sync-token/>
    <C:supported-calendar-component-set xmlns:C="urn:ietf:params:xml:ns:caldav"/>
    <A:quota-used-bytes/>
    <E:bulk-requests xmlns:E="http://me.com/_namespace/"/>
    <A:getetag/>
  </A:prop>
</A:propfind>"#;

fn set_up() -> Calendar {
    let mut calendar = calendar();
    let answer = proppatch(&mut calendar, SETUP);
    // RFC 4918 §9.2: every property 200, in one propstat.
    assert_xml_eq(
        &answer,
        r#"<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:I="http://apple.com/ns/ical/">
          <D:response>
            <D:href>/cal/ana/work/</D:href>
            <D:propstat>
              <D:prop><D:displayname/><C:calendar-description/><I:calendar-color/><I:calendar-order/></D:prop>
              <D:status>HTTP/1.1 200 OK</D:status>
            </D:propstat>
          </D:response>
        </D:multistatus>"#,
    );
    calendar
}

/// iOS' `Depth: 1` PROPFIND: the collection reports its typed values and its dead
/// properties as they were set (attribute and language included), in request order, then 403
/// for the quota and 404 for what it does not have, in request order; the event reports its
/// own two and 404 for the rest.
#[test]
fn ios_propfind_depth_one() {
    let calendar = set_up();
    let xml = propfind(&calendar, IOS_PROPFIND, Some("1"), None);
    assert_xml_eq(
        &xml,
        r##"<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CS="http://calendarserver.org/ns/" xmlns:I="http://apple.com/ns/ical/" xmlns:ME="http://me.com/_namespace/">
          <D:response>
            <D:href>/cal/ana/work/</D:href>
            <D:propstat>
              <D:prop>
                <I:calendar-color symbolic-color="custom">#FF2968FF</I:calendar-color>
                <I:calendar-order>3</I:calendar-order>
                <C:calendar-description xml:lang="fr">Réunions &amp; échéances</C:calendar-description>
                <CS:getctag>ctag-7</CS:getctag>
                <D:displayname xml:lang="fr">Travail</D:displayname>
                <D:owner><D:href>/principals/ana/</D:href></D:owner>
                <D:resourcetype><D:collection/><C:calendar/></D:resourcetype>
                <D:sync-token>http://example.com/sync/1234</D:sync-token>
                <C:supported-calendar-component-set><C:comp name="VEVENT"/><C:comp name="VTODO"/></C:supported-calendar-component-set>
              </D:prop>
              <D:status>HTTP/1.1 200 OK</D:status>
            </D:propstat>
            <D:propstat>
              <D:prop><D:quota-used-bytes/></D:prop>
              <D:status>HTTP/1.1 403 Forbidden</D:status>
            </D:propstat>
            <D:propstat>
              <D:prop><ME:bulk-requests/><D:getetag/></D:prop>
              <D:status>HTTP/1.1 404 Not Found</D:status>
            </D:propstat>
          </D:response>
          <D:response>
            <D:href>/cal/ana/work/e1.ics</D:href>
            <D:propstat>
              <D:prop><D:resourcetype/><D:getetag>"e1-1"</D:getetag></D:prop>
              <D:status>HTTP/1.1 200 OK</D:status>
            </D:propstat>
            <D:propstat>
              <D:prop>
                <I:calendar-color/><I:calendar-order/><C:calendar-description/><CS:getctag/>
                <D:displayname/><D:owner/><D:sync-token/><C:supported-calendar-component-set/>
                <D:quota-used-bytes/><ME:bulk-requests/>
              </D:prop>
              <D:status>HTTP/1.1 404 Not Found</D:status>
            </D:propstat>
          </D:response>
        </D:multistatus>"##,
    );
}

/// `Prefer: return=minimal` (RFC 8144 §2.1) on the same request, `Depth: 0`: the 404 propstat
/// is left out; the 403 one stays.
#[test]
fn ios_propfind_minimal_depth_zero() {
    let calendar = set_up();
    let xml = propfind(&calendar, IOS_PROPFIND, Some("0"), Some("return=minimal"));
    assert!(!xml.contains("404"), "{xml}");
    assert!(!xml.contains("e1.ics"), "{xml}");
    let doc = parse_ok(&xml);
    let statuses: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((DAV, "status")))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(statuses, ["HTTP/1.1 200 OK", "HTTP/1.1 403 Forbidden"]);
}

/// `Depth: infinity` is refused with 403 and `DAV:propfind-finite-depth` by a server that
/// chooses to (RFC 4918 §9.1); an absent `Depth` means infinity for PROPFIND.
#[test]
fn infinite_depth_refused() {
    let refused = Depth::for_propfind(None)
        .unwrap()
        .require_finite()
        .unwrap_err();
    assert_eq!(refused.http_status(), Status::FORBIDDEN);
    assert_xml_eq(
        &refused.dav_error().to_xml().unwrap(),
        r#"<D:error xmlns:D="DAV:"><D:propfind-finite-depth/></D:error>"#,
    );
}

/// `allprop` (an empty body, RFC 4918 §9.1): the RFC 4918 live properties the collection has
/// (`displayname`, `resourcetype`), then every dead property; the CalDAV and other live
/// properties only when named.
#[test]
fn allprop_lists_live_and_dead() {
    let calendar = set_up();
    let xml = propfind(&calendar, "", Some("0"), None);
    assert_xml_eq(
        &xml,
        r##"<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:I="http://apple.com/ns/ical/">
          <D:response>
            <D:href>/cal/ana/work/</D:href>
            <D:propstat>
              <D:prop>
                <D:displayname xml:lang="fr">Travail</D:displayname>
                <D:resourcetype><D:collection/><C:calendar/></D:resourcetype>
                <I:calendar-color symbolic-color="custom">#FF2968FF</I:calendar-color>
                <I:calendar-order>3</I:calendar-order>
              </D:prop>
              <D:status>HTTP/1.1 200 OK</D:status>
            </D:propstat>
          </D:response>
        </D:multistatus>"##,
    );
}

/// `propname` (RFC 4918 §9.1.4): every property the resource has, typed (the 403 one too: it
/// exists) then dead, as empty elements; the event's own names.
#[test]
fn propname_names_typed_and_dead() {
    let calendar = set_up();
    let body = r#"<A:propfind xmlns:A="DAV:"><A:propname/></A:propfind>"#;
    let xml = propfind(&calendar, body, Some("1"), None);
    assert_xml_eq(
        &xml,
        r##"<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CS="http://calendarserver.org/ns/" xmlns:I="http://apple.com/ns/ical/">
          <D:response>
            <D:href>/cal/ana/work/</D:href>
            <D:propstat>
              <D:prop>
                <D:displayname/><D:resourcetype/><D:owner/><D:sync-token/><D:quota-used-bytes/>
                <C:calendar-description/><C:supported-calendar-component-set/><CS:getctag/>
                <I:calendar-color/><I:calendar-order/>
              </D:prop>
              <D:status>HTTP/1.1 200 OK</D:status>
            </D:propstat>
          </D:response>
          <D:response>
            <D:href>/cal/ana/work/e1.ics</D:href>
            <D:propstat>
              <D:prop><D:getetag/><D:getcontenttype/><D:getcontentlength/><D:resourcetype/></D:prop>
              <D:status>HTTP/1.1 200 OK</D:status>
            </D:propstat>
          </D:response>
        </D:multistatus>"##,
    );
}

/// A PROPPATCH mixing a typed property, a dead one set, a dead one removed and a protected one
/// (RFC 4918 §9.2): the protected one fails with 403 and `cannot-modify-protected-property`,
/// every other 424, and nothing changes — neither the typed values nor the store.
#[test]
fn proppatch_with_a_protected_property_changes_nothing() {
    let mut calendar = set_up();
    let before = propfind(&calendar, IOS_PROPFIND, Some("0"), None);
    let answer = proppatch(
        &mut calendar,
        r##"<A:propertyupdate xmlns:A="DAV:" xmlns:B="http://apple.com/ns/ical/">
          <A:set><A:prop>
            <A:displayname>Bureau</A:displayname>
            <B:calendar-color symbolic-color="blue">#1BADF8FF</B:calendar-color>
            <D:getctag xmlns:D="http://calendarserver.org/ns/">forged</D:getctag>
          </A:prop></A:set>
          <A:remove><A:prop><B:calendar-order/></A:prop></A:remove>
        </A:propertyupdate>"##,
    );
    assert_xml_eq(
        &answer,
        r#"<D:multistatus xmlns:D="DAV:" xmlns:CS="http://calendarserver.org/ns/" xmlns:I="http://apple.com/ns/ical/">
          <D:response>
            <D:href>/cal/ana/work/</D:href>
            <D:propstat>
              <D:prop><D:displayname/><I:calendar-color/><I:calendar-order/></D:prop>
              <D:status>HTTP/1.1 424 Failed Dependency</D:status>
            </D:propstat>
            <D:propstat>
              <D:prop><CS:getctag/></D:prop>
              <D:status>HTTP/1.1 403 Forbidden</D:status>
              <D:error><D:cannot-modify-protected-property/></D:error>
            </D:propstat>
          </D:response>
        </D:multistatus>"#,
    );
    assert_eq!(propfind(&calendar, IOS_PROPFIND, Some("0"), None), before);
}

/// The same without the protected property: every property 200, and the next PROPFIND sees
/// the new name (no language now), the new color with its attribute, no order (404).
#[test]
fn proppatch_applies_typed_and_dead_changes() {
    let mut calendar = set_up();
    let answer = proppatch(
        &mut calendar,
        r##"<A:propertyupdate xmlns:A="DAV:" xmlns:B="http://apple.com/ns/ical/">
          <A:set><A:prop>
            <A:displayname>Bureau</A:displayname>
            <B:calendar-color symbolic-color="blue">#1BADF8FF</B:calendar-color>
          </A:prop></A:set>
          <A:remove><A:prop><B:calendar-order/></A:prop></A:remove>
        </A:propertyupdate>"##,
    );
    assert_xml_eq(
        &answer,
        r#"<D:multistatus xmlns:D="DAV:" xmlns:I="http://apple.com/ns/ical/">
          <D:response>
            <D:href>/cal/ana/work/</D:href>
            <D:propstat>
              <D:prop><D:displayname/><I:calendar-color/><I:calendar-order/></D:prop>
              <D:status>HTTP/1.1 200 OK</D:status>
            </D:propstat>
          </D:response>
        </D:multistatus>"#,
    );
    let body = r#"<A:propfind xmlns:A="DAV:" xmlns:B="http://apple.com/ns/ical/"><A:prop>
        <A:displayname/><B:calendar-color/><B:calendar-order/>
      </A:prop></A:propfind>"#;
    assert_xml_eq(
        &propfind(&calendar, body, Some("0"), None),
        r##"<D:multistatus xmlns:D="DAV:" xmlns:I="http://apple.com/ns/ical/">
          <D:response>
            <D:href>/cal/ana/work/</D:href>
            <D:propstat>
              <D:prop>
                <D:displayname>Bureau</D:displayname>
                <I:calendar-color symbolic-color="blue">#1BADF8FF</I:calendar-color>
              </D:prop>
              <D:status>HTTP/1.1 200 OK</D:status>
            </D:propstat>
            <D:propstat>
              <D:prop><I:calendar-order/></D:prop>
              <D:status>HTTP/1.1 404 Not Found</D:status>
            </D:propstat>
          </D:response>
        </D:multistatus>"##,
    );
    assert_eq!(calendar.displayname, Lang::new("Bureau".to_owned()));
}
