#[allow(non_upper_case_globals, clippy::all, clippy::pedantic)]
const _: () = {
    use ::multistatus::__private as __multistatus;
    const __ATTRIBUTE_0: __multistatus::AttributeName = __multistatus::AttributeName::new(
        "",
        "name",
    );
    const __ATTRIBUTE_1: __multistatus::AttributeName = __multistatus::AttributeName::new(
        "urn:example:ns",
        "max-size",
    );
    const __TAG_2: __multistatus::Tag = __multistatus::Tag::new(
        "urn:ietf:params:xml:ns:caldav",
        "comp",
    );
    const __TAG_3: __multistatus::Tag = __multistatus::Tag::new(
        "urn:ietf:params:xml:ns:caldav",
        "prop",
    );
    const __TAG_4: __multistatus::Tag = __multistatus::Tag::new(
        "urn:ietf:params:xml:ns:caldav",
        "description",
    );
    #[automatically_derived]
    impl<'a> __multistatus::PropertyValue for Comp<'a> {
        fn write_value(
            &self,
            __sink: &mut __multistatus::Sink,
        ) -> __multistatus::Result<(), __multistatus::Error> {
            for __item in <[Comp<'a>]>::iter(&self.comp) {
                if __multistatus::PropState::Absent
                    != <Comp<'a> as __multistatus::PropertyValue>::state(__item)
                {
                    __sink.property::<Comp<'a>>(&__TAG_2, __item)?;
                }
            }
            for __item in <[Prop]>::iter(&self.prop) {
                if __multistatus::PropState::Absent
                    != <Prop as __multistatus::PropertyValue>::state(__item)
                {
                    __sink.property::<Prop>(&__TAG_3, __item)?;
                }
            }
            if __multistatus::PropState::Absent
                != <Option<
                    String,
                > as __multistatus::PropertyValue>::state(&self.description)
            {
                __sink.property::<Option<String>>(&__TAG_4, &self.description)?;
            }
            __multistatus::Result::Ok(())
        }
        fn write_attributes(
            &self,
            __attributes: &mut __multistatus::Attributes<'_>,
        ) -> __multistatus::Result<(), __multistatus::Error> {
            let _ = <&'a str as __multistatus::AttributeValue>::write_text;
            __attributes.attribute::<&'a str>(&__ATTRIBUTE_0, &self.name)?;
            let _ = <Option<u64> as __multistatus::AttributeValue>::write_text;
            __attributes.attribute::<Option<u64>>(&__ATTRIBUTE_1, &self.max_size)?;
            __multistatus::Result::Ok(())
        }
    }
};
