//! A set with an attribute error flattened into another: the outer set, its typed names and
//! the `From` conversion still compile against the stub, so the only error is the
//! attribute's.

use multistatus::PropertySet;

#[derive(PropertySet)]
struct Inner {
    #[dav(rename = "")]
    getetag: String,
}

#[derive(PropertySet)]
struct Outer {
    displayname: String,
    #[dav(flatten)]
    inner: Inner,
}

fn f(p: &Outer) {
    let _ = <Outer as PropertySet>::state(p, OuterName::Inner(InnerName::Getetag));
    let _: OuterName = InnerName::Getetag.into();
}

fn main() {
    f(&Outer {
        displayname: String::new(),
        inner: Inner {
            getetag: String::new(),
        },
    });
}
