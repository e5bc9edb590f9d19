#[allow(non_upper_case_globals, clippy::all, clippy::pedantic)]
const _: () = {
    const __TAG_0: ::multistatus::__private::Tag = ::multistatus::__private::Tag::new(
        "DAV:",
        "read",
    );
    const __TAG_1: ::multistatus::__private::Tag = ::multistatus::__private::Tag::new(
        "urn:ietf:params:xml:ns:caldav",
        "read-free-busy",
    );
    const __TAG_2: ::multistatus::__private::Tag = ::multistatus::__private::Tag::new(
        "DAV:",
        "grant",
    );
    #[automatically_derived]
    impl ::multistatus::__private::PropertyValue for Privilege {
        fn write_value(
            &self,
            __sink: &mut ::multistatus::__private::Sink,
        ) -> ::multistatus::__private::Result<(), ::multistatus::__private::Error> {
            match self {
                Self::Read => {
                    __sink.empty(&__TAG_0);
                    ::multistatus::__private::Result::Ok(())
                }
                Self::ReadFreeBusy => {
                    __sink.empty(&__TAG_1);
                    ::multistatus::__private::Result::Ok(())
                }
                Self::Named(__v) => {
                    let _ = <String as ::multistatus::__private::PropertyValue>::write_value;
                    __sink.property::<String>(&__TAG_2, __v)
                }
                Self::Other(__v) => {
                    <RawValue as ::multistatus::__private::PropertyValue>::write_value(
                        __v,
                        __sink,
                    )
                }
            }
        }
    }
};
