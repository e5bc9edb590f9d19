//! After an attribute error the derive still emits the typed-name enum and a stub impl, so
//! code using the struct and its typed names compiles: the only error is the attribute's.

use multistatus::PropertySet;

#[derive(PropertySet)]
struct Props {
    displayname: String,
    #[dav(rename = "bad name")]
    getetag: String,
}

fn f(p: &Props) {
    let _ = <Props as multistatus::PropertySet>::state(p, PropsName::Displayname);
    let _ = <Props as multistatus::PropertySet>::state(p, PropsName::Getetag);
}

fn main() {
    f(&Props {
        displayname: String::new(),
        getetag: String::new(),
    });
}
