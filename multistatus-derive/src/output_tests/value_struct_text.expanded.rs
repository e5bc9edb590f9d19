#[allow(non_upper_case_globals, clippy::all, clippy::pedantic)]
const _: () = {
    use ::multistatus::__private as __multistatus;
    const __ATTRIBUTE_0: __multistatus::AttributeName = __multistatus::AttributeName::new(
        "",
        "content-type",
    );
    const __ATTRIBUTE_1: __multistatus::AttributeName = __multistatus::AttributeName::new(
        "",
        "version",
    );
    #[automatically_derived]
    impl<'a> __multistatus::PropertyValue for CalendarData<'a> {
        fn write_value(
            &self,
            __sink: &mut __multistatus::Sink,
        ) -> __multistatus::Result<(), __multistatus::Error> {
            let _ = <&'a str as __multistatus::AttributeValue>::write_text;
            __sink.text_value::<&'a str>(&self.data)?;
            __multistatus::Result::Ok(())
        }
        fn write_attributes(
            &self,
            __attributes: &mut __multistatus::Attributes<'_>,
        ) -> __multistatus::Result<(), __multistatus::Error> {
            let _ = <&'static str as __multistatus::AttributeValue>::write_text;
            __attributes.attribute::<&'static str>(&__ATTRIBUTE_0, &self.content_type)?;
            let _ = <&'static str as __multistatus::AttributeValue>::write_text;
            __attributes.attribute::<&'static str>(&__ATTRIBUTE_1, &self.version)?;
            __multistatus::Result::Ok(())
        }
    }
};
