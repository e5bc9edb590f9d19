#[allow(non_upper_case_globals, clippy::all, clippy::pedantic)]
const _: () = {
    use ::multistatus::__private as __multistatus;
    const __TAG_0: __multistatus::Tag = __multistatus::Tag::new("DAV:", "read");
    const __TAG_1: __multistatus::Tag = __multistatus::Tag::new(
        "urn:ietf:params:xml:ns:caldav",
        "read-free-busy",
    );
    const __TAG_2: __multistatus::Tag = __multistatus::Tag::new("DAV:", "grant");
    #[automatically_derived]
    impl __multistatus::PropertyValue for Privilege {
        fn write_value(
            &self,
            __sink: &mut __multistatus::Sink,
        ) -> __multistatus::Result<(), __multistatus::Error> {
            match self {
                Self::Read => {
                    __sink.empty(&__TAG_0);
                    __multistatus::Result::Ok(())
                }
                Self::ReadFreeBusy => {
                    __sink.empty(&__TAG_1);
                    __multistatus::Result::Ok(())
                }
                Self::Named(__v) => {
                    let _ = <String as __multistatus::PropertyValue>::write_value;
                    __sink.property::<String>(&__TAG_2, __v)
                }
                Self::Other(__v) => {
                    <RawValue as __multistatus::PropertyValue>::write_value(__v, __sink)
                }
            }
        }
        fn write_attributes(
            &self,
            __attributes: &mut __multistatus::Attributes<'_>,
        ) -> __multistatus::Result<(), __multistatus::Error> {
            match self {
                Self::Other(__v) => {
                    <RawValue as __multistatus::PropertyValue>::write_attributes(
                        __v,
                        __attributes,
                    )
                }
                _ => __multistatus::Result::Ok(()),
            }
        }
    }
};
