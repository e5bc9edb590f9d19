#[allow(non_upper_case_globals, clippy::all, clippy::pedantic)]
const _: () = {
    use ::multistatus::__private as __multistatus;
    #[automatically_derived]
    impl __multistatus::PropertyValue for Etag {
        #[inline]
        fn write_value(
            &self,
            __sink: &mut __multistatus::Sink,
        ) -> __multistatus::Result<(), __multistatus::Error> {
            <String as __multistatus::PropertyValue>::write_value(&self.0, __sink)
        }
        #[inline]
        fn state(&self) -> __multistatus::PropState {
            <String as __multistatus::PropertyValue>::state(&self.0)
        }
        #[inline]
        fn lang(&self) -> __multistatus::Option<&::core::primitive::str> {
            <String as __multistatus::PropertyValue>::lang(&self.0)
        }
        #[inline]
        fn write_attributes(
            &self,
            __attributes: &mut __multistatus::Attributes<'_>,
        ) -> __multistatus::Result<(), __multistatus::Error> {
            <String as __multistatus::PropertyValue>::write_attributes(
                &self.0,
                __attributes,
            )
        }
        #[inline]
        fn write_plain(&self, __sink: &mut __multistatus::Sink) -> __multistatus::Plain {
            <String as __multistatus::PropertyValue>::write_plain(&self.0, __sink)
        }
    }
    #[automatically_derived]
    impl __multistatus::ParseValue for Etag
    where
        for<'__x> String: __multistatus::ParseValue,
    {
        #[inline]
        fn parse_value(
            __value: &mut __multistatus::ValueReader<'_>,
        ) -> __multistatus::Result<Self, __multistatus::ValueError> {
            __multistatus::Result::Ok(
                Self(<String as __multistatus::ParseValue>::parse_value(__value)?),
            )
        }
    }
    #[automatically_derived]
    impl __multistatus::ParseField for Etag
    where
        for<'__x> String: __multistatus::ParseField,
    {
        #[inline]
        fn absent() -> Self {
            Self(<String as __multistatus::ParseField>::absent())
        }
        #[inline]
        fn parse_field(
            __value: &mut __multistatus::ValueReader<'_>,
        ) -> __multistatus::Result<Self, __multistatus::ValueError> {
            __multistatus::Result::Ok(
                Self(<String as __multistatus::ParseField>::parse_field(__value)?),
            )
        }
        #[inline]
        fn with_status(__status: __multistatus::Status) -> Self {
            Self(<String as __multistatus::ParseField>::with_status(__status))
        }
    }
};
