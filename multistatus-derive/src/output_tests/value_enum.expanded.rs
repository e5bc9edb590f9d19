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
    #[automatically_derived]
    impl __multistatus::ParseValue for Privilege
    where
        for<'__x> String: __multistatus::ParseValue,
        for<'__x> RawValue: __multistatus::ParseValue,
    {
        fn parse_value(
            __value: &mut __multistatus::ValueReader<'_>,
        ) -> __multistatus::Result<Self, __multistatus::ValueError> {
            let __choice_of = |
                __element: &mut __multistatus::ValueReader<'_>,
            | -> __multistatus::Result<
                __multistatus::Option<Self>,
                __multistatus::ValueError,
            > {
                let (__namespace, __local) = __element.name();
                match __namespace {
                    "DAV:" => {
                        match __local {
                            "read" => {
                                return __multistatus::Result::Ok(
                                    __multistatus::Option::Some(Self::Read),
                                );
                            }
                            "grant" => {
                                return __multistatus::Result::Ok(
                                    __multistatus::Option::Some(
                                        Self::Named(
                                            <String as __multistatus::ParseValue>::parse_value(
                                                __element,
                                            )?,
                                        ),
                                    ),
                                );
                            }
                            _ => {}
                        }
                    }
                    "urn:ietf:params:xml:ns:caldav" => {
                        match __local {
                            "read-free-busy" => {
                                return __multistatus::Result::Ok(
                                    __multistatus::Option::Some(Self::ReadFreeBusy),
                                );
                            }
                            _ => {}
                        }
                    }
                    _ => {}
                }
                __multistatus::Result::Ok(__multistatus::Option::None)
            };
            let mut __error = __value
                .error(__multistatus::ValueErrorKind::Missing {
                    expected: "one of the elements {DAV:}read, {urn:ietf:params:xml:ns:caldav}read-free-busy, {DAV:}grant",
                });
            let __buffer = __value.buffer()?;
            let __named = __buffer
                .read(|__value| {
                    while let __multistatus::Option::Some(mut __child) = __value
                        .next_child()?
                    {
                        if let __multistatus::Option::Some(__choice) = __choice_of(
                            &mut __child,
                        )? {
                            return __multistatus::Result::Ok(
                                __multistatus::Option::Some(__choice),
                            );
                        }
                    }
                    __multistatus::Result::Ok(__multistatus::Option::None)
                })?;
            if let __multistatus::Option::Some(__choice) = __named {
                return __multistatus::Result::Ok(__choice);
            }
            match __buffer.parse::<RawValue>() {
                __multistatus::Result::Ok(__v) => {
                    return __multistatus::Result::Ok(Self::Other(__v));
                }
                __multistatus::Result::Err(__e) => __error = __e,
            }
            __multistatus::Result::Err(__error)
        }
    }
    #[automatically_derived]
    impl __multistatus::ParseField for Privilege
    where
        for<'__x> Privilege: ::core::default::Default + __multistatus::ParseValue,
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
