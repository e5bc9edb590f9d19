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
    #[automatically_derived]
    impl<T> __multistatus::ParseValue for Quota<T>
    where
        for<'__x> u64: __multistatus::ParseField,
        for<'__x> Option<T>: __multistatus::ParseField,
        for<'__x> Href<'__x>: __multistatus::ParseValue,
        for<'__x> bool: ::core::default::Default,
    {
        fn parse_value(
            __value: &mut __multistatus::ValueReader<'_>,
        ) -> __multistatus::Result<Self, __multistatus::ValueError> {
            let __buffer = __value.buffer()?;
            __buffer
                .read(|__value| {
                    let mut __f0: __multistatus::Option<u64> = __multistatus::Option::None;
                    let mut __f1: __multistatus::Option<Option<T>> = __multistatus::Option::None;
                    while let __multistatus::Option::Some(mut __child) = __value
                        .next_child()?
                    {
                        let (__namespace, __local) = __child.name();
                        match __namespace {
                            "urn:example:ns" => {
                                match __local {
                                    "used-bytes" => {
                                        __f0 = __multistatus::Option::Some(
                                            <u64 as __multistatus::ParseField>::parse_field(
                                                &mut __child,
                                            )?,
                                        );
                                    }
                                    "free" => {
                                        __f1 = __multistatus::Option::Some(
                                            <Option<
                                                T,
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
                        used: match __f0 {
                            __multistatus::Option::Some(__v) => __v,
                            __multistatus::Option::None => {
                                <u64 as __multistatus::ParseField>::absent()
                            }
                        },
                        free: match __f1 {
                            __multistatus::Option::Some(__v) => __v,
                            __multistatus::Option::None => {
                                <Option<T> as __multistatus::ParseField>::absent()
                            }
                        },
                        href: __buffer.parse::<Href<'static>>()?,
                        cached: <bool as ::core::default::Default>::default(),
                    })
                })
        }
    }
    #[automatically_derived]
    impl<T> __multistatus::ParseField for Quota<T>
    where
        for<'__x> Quota<T>: ::core::default::Default + __multistatus::ParseValue,
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
