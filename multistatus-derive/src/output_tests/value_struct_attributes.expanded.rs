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
    #[automatically_derived]
    impl<'a> __multistatus::ParseValue for Comp<'a>
    where
        for<'__x> &'__x str: __multistatus::ParseText,
        for<'__x> Option<u64>: __multistatus::ParseText,
        for<'__x> Prop: __multistatus::ParseValue,
        for<'__x> &'__x [Prop]: ::core::iter::FromIterator<Prop>,
        for<'__x> Option<String>: __multistatus::ParseField,
    {
        fn parse_value(
            __value: &mut __multistatus::ValueReader<'_>,
        ) -> __multistatus::Result<Self, __multistatus::ValueError> {
            let mut __f0: __multistatus::Option<&'a str> = __multistatus::Option::None;
            let mut __f1: __multistatus::Option<Option<u64>> = __multistatus::Option::None;
            let mut __f2: ::std::vec::Vec<Comp<'a>> = ::std::vec::Vec::new();
            let mut __f3: ::std::vec::Vec<Prop> = ::std::vec::Vec::new();
            let mut __f4: __multistatus::Option<Option<String>> = __multistatus::Option::None;
            let __position = __value.position();
            for (__namespace, __local, __text) in __value.attributes() {
                match __namespace {
                    "" => {
                        match __local {
                            "name" => {
                                __f0 = __multistatus::Option::Some(
                                    <&'a str as __multistatus::ParseText>::parse_text(__text)
                                        .map_err(|__kind| __multistatus::ValueError::new(
                                            __kind,
                                            __position,
                                        ))?,
                                );
                            }
                            _ => {}
                        }
                    }
                    "urn:example:ns" => {
                        match __local {
                            "max-size" => {
                                __f1 = __multistatus::Option::Some(
                                    <Option<
                                        u64,
                                    > as __multistatus::ParseText>::parse_text(__text)
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
            while let __multistatus::Option::Some(mut __child) = __value.next_child()? {
                let (__namespace, __local) = __child.name();
                match __namespace {
                    "urn:ietf:params:xml:ns:caldav" => {
                        match __local {
                            "comp" => {
                                __f2.push(
                                    <Comp<
                                        'a,
                                    > as __multistatus::ParseValue>::parse_value(&mut __child)?,
                                )
                            }
                            "prop" => {
                                __f3.push(
                                    <Prop as __multistatus::ParseValue>::parse_value(
                                        &mut __child,
                                    )?,
                                )
                            }
                            "description" => {
                                __f4 = __multistatus::Option::Some(
                                    <Option<
                                        String,
                                    > as __multistatus::ParseField>::parse_field(&mut __child)?,
                                );
                            }
                            _ => {}
                        }
                    }
                    _ => {}
                }
            }
            __multistatus::Result::Ok(Self {
                name: match __f0 {
                    __multistatus::Option::Some(__v) => __v,
                    __multistatus::Option::None => {
                        match <&'a str as __multistatus::ParseText>::absent() {
                            __multistatus::Option::Some(__v) => __v,
                            __multistatus::Option::None => {
                                return __multistatus::Result::Err(
                                    __value
                                        .error(__multistatus::ValueErrorKind::Missing {
                                            expected: "the attribute `name`",
                                        }),
                                );
                            }
                        }
                    }
                },
                max_size: match __f1 {
                    __multistatus::Option::Some(__v) => __v,
                    __multistatus::Option::None => {
                        match <Option<u64> as __multistatus::ParseText>::absent() {
                            __multistatus::Option::Some(__v) => __v,
                            __multistatus::Option::None => {
                                return __multistatus::Result::Err(
                                    __value
                                        .error(__multistatus::ValueErrorKind::Missing {
                                            expected: "the attribute `{urn:example:ns}max-size`",
                                        }),
                                );
                            }
                        }
                    }
                },
                comp: <Vec<
                    Comp<'a>,
                > as ::core::iter::FromIterator<Comp<'a>>>::from_iter(__f2),
                prop: <&'a [Prop] as ::core::iter::FromIterator<Prop>>::from_iter(__f3),
                description: match __f4 {
                    __multistatus::Option::Some(__v) => __v,
                    __multistatus::Option::None => {
                        <Option<String> as __multistatus::ParseField>::absent()
                    }
                },
            })
        }
    }
    #[automatically_derived]
    impl<'a> __multistatus::ParseField for Comp<'a>
    where
        for<'__x> Comp<'__x>: ::core::default::Default + __multistatus::ParseValue,
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
