#[allow(non_upper_case_globals, clippy::all, clippy::pedantic)]
const _: () = {
    use ::multistatus::__private as __multistatus;
    const __TAG_0: __multistatus::Tag = __multistatus::Tag::new(
        "urn:example:ns",
        "used-bytes",
    );
    const __TAG_1: __multistatus::Tag = __multistatus::Tag::new(
        "urn:example:ns",
        "free",
    );
    #[automatically_derived]
    impl<T> __multistatus::PropertyValue for Quota<T>
    where
        Option<T>: __multistatus::PropertyValue,
    {
        fn write_value(
            &self,
            __sink: &mut __multistatus::Sink,
        ) -> __multistatus::Result<(), __multistatus::Error> {
            if __multistatus::PropState::Absent
                != <u64 as __multistatus::PropertyValue>::state(&self.used)
            {
                __sink.property::<u64>(&__TAG_0, &self.used)?;
            }
            if __multistatus::PropState::Absent
                != <Option<T> as __multistatus::PropertyValue>::state(&self.free)
            {
                __sink.property::<Option<T>>(&__TAG_1, &self.free)?;
            }
            <Href<
                'static,
            > as __multistatus::PropertyValue>::write_value(&self.href, __sink)?;
            __multistatus::Result::Ok(())
        }
    }
};
