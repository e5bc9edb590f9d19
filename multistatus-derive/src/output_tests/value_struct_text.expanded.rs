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
    #[automatically_derived]
    impl<'a> __multistatus::ParseValue for CalendarData<'a>
    where
        for<'__x> &'__x str: __multistatus::ParseText,
        for<'__x> &'__x str: __multistatus::ParseText,
        for<'__x> &'__x str: __multistatus::ParseText,
    {
        fn parse_value(
            __value: &mut __multistatus::ValueReader<'_>,
        ) -> __multistatus::Result<Self, __multistatus::ValueError> {
            let mut __f0: __multistatus::Option<&'static str> = __multistatus::Option::None;
            let mut __f1: __multistatus::Option<&'static str> = __multistatus::Option::None;
            let __position = __value.position();
            for (__namespace, __local, __text) in __value.attributes() {
                match __namespace {
                    "" => {
                        match __local {
                            "content-type" => {
                                __f0 = __multistatus::Option::Some(
                                    <&'static str as __multistatus::ParseText>::parse_text(
                                            __text,
                                        )
                                        .map_err(|__kind| __multistatus::ValueError::new(
                                            __kind,
                                            __position,
                                        ))?,
                                );
                            }
                            "version" => {
                                __f1 = __multistatus::Option::Some(
                                    <&'static str as __multistatus::ParseText>::parse_text(
                                            __text,
                                        )
                                        .map_err(|__kind| __multistatus::ValueError::new(
                                            __kind,
                                            __position,
                                        ))?,
                                );
                            }
                            _ => {}
                        }
                    }
                    _ => {}
                }
            }
            let __f2 = __value.parse_text::<&'a str>()?;
            __multistatus::Result::Ok(Self {
                content_type: match __f0 {
                    __multistatus::Option::Some(__v) => __v,
                    __multistatus::Option::None => {
                        match <&'static str as __multistatus::ParseText>::absent() {
                            __multistatus::Option::Some(__v) => __v,
                            __multistatus::Option::None => {
                                return __multistatus::Result::Err(
                                    __value
                                        .error(__multistatus::ValueErrorKind::Missing {
                                            expected: "the attribute `content-type`",
                                        }),
                                );
                            }
                        }
                    }
                },
                version: match __f1 {
                    __multistatus::Option::Some(__v) => __v,
                    __multistatus::Option::None => {
                        match <&'static str as __multistatus::ParseText>::absent() {
                            __multistatus::Option::Some(__v) => __v,
                            __multistatus::Option::None => {
                                return __multistatus::Result::Err(
                                    __value
                                        .error(__multistatus::ValueErrorKind::Missing {
                                            expected: "the attribute `version`",
                                        }),
                                );
                            }
                        }
                    }
                },
                data: __f2,
            })
        }
    }
    #[automatically_derived]
    impl<'a> __multistatus::ParseField for CalendarData<'a>
    where
        for<'__x> CalendarData<
            '__x,
        >: ::core::default::Default + __multistatus::ParseValue,
    {
        #[inline]
        fn absent() -> Self {
            <Self as ::core::default::Default>::default()
        }
        #[inline]
        fn parse_field(
            __value: &mut __multistatus::ValueReader<'_>,
        ) -> __multistatus::Result<Self, __multistatus::ValueError> {
            <Self as __multistatus::ParseValue>::parse_value(__value)
        }
    }
};
