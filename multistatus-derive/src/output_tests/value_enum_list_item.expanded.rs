#[allow(non_upper_case_globals, clippy::all, clippy::pedantic)]
const _: () = {
    use ::multistatus::__private as __multistatus;
    const __TAG_0: __multistatus::Tag = __multistatus::Tag::new("DAV:", "read");
    const __TAG_1: __multistatus::Tag = __multistatus::Tag::new("DAV:", "write");
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
                Self::Write => {
                    __sink.empty(&__TAG_1);
                    __multistatus::Result::Ok(())
                }
                Self::Named(__v) => {
                    let _ = <String as __multistatus::PropertyValue>::write_value;
                    __sink.property::<String>(&__TAG_2, __v)
                }
            }
        }
    }
    #[automatically_derived]
    impl __multistatus::ListItem for Privilege {}
    #[automatically_derived]
    impl __multistatus::ParseListItem for Privilege
    where
        for<'__x> String: __multistatus::ParseValue,
    {
        fn parse_item(
            __element: &mut __multistatus::ValueReader<'_>,
        ) -> __multistatus::Result<
            __multistatus::Option<Self>,
            __multistatus::ValueError,
        > {
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
                            "write" => {
                                return __multistatus::Result::Ok(
                                    __multistatus::Option::Some(Self::Write),
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
                    _ => {}
                }
                __multistatus::Result::Ok(__multistatus::Option::None)
            };
            __choice_of(__element)
        }
    }
    #[automatically_derived]
    impl __multistatus::ParseValue for Privilege
    where
        for<'__x> String: __multistatus::ParseValue,
    {
        fn parse_value(
            __value: &mut __multistatus::ValueReader<'_>,
        ) -> __multistatus::Result<Self, __multistatus::ValueError> {
            while let __multistatus::Option::Some(mut __child) = __value.next_child()? {
                if let __multistatus::Option::Some(__choice) = <Self as __multistatus::ParseListItem>::parse_item(
                    &mut __child,
                )? {
                    return __multistatus::Result::Ok(__choice);
                }
            }
            __multistatus::Result::Err(
                __value
                    .error(__multistatus::ValueErrorKind::Missing {
                        expected: "one of the elements {DAV:}read, {DAV:}write, {DAV:}grant",
                    }),
            )
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
