#[allow(non_upper_case_globals, clippy::all, clippy::pedantic)]
const _: () = {
    const __TAG_0: ::multistatus::__private::Tag = ::multistatus::__private::Tag::new(
        "urn:example:ns",
        "used-bytes",
    );
    const __TAG_1: ::multistatus::__private::Tag = ::multistatus::__private::Tag::new(
        "urn:example:ns",
        "free",
    );
    #[automatically_derived]
    impl<T> ::multistatus::__private::PropertyValue for Quota<T>
    where
        u64: ::multistatus::__private::PropertyValue,
        Option<T>: ::multistatus::__private::PropertyValue,
        Href<'static>: ::multistatus::__private::PropertyValue,
    {
        fn write_value(
            &self,
            __sink: &mut ::multistatus::__private::Sink,
        ) -> ::multistatus::__private::Result<(), ::multistatus::__private::Error> {
            if ::multistatus::__private::PropState::Absent
                != <u64 as ::multistatus::__private::PropertyValue>::state(&self.used)
            {
                __sink.property::<u64>(&__TAG_0, &self.used)?;
            }
            if ::multistatus::__private::PropState::Absent
                != <Option<
                    T,
                > as ::multistatus::__private::PropertyValue>::state(&self.free)
            {
                __sink.property::<Option<T>>(&__TAG_1, &self.free)?;
            }
            <Href<
                'static,
            > as ::multistatus::__private::PropertyValue>::write_value(
                &self.href,
                __sink,
            )?;
            ::multistatus::__private::Result::Ok(())
        }
    }
};
