#[allow(non_upper_case_globals, clippy::all, clippy::pedantic)]
const _: () = {
    #[automatically_derived]
    impl ::multistatus::__private::PropertyValue for Etag {
        #[inline]
        fn write_value(
            &self,
            __sink: &mut ::multistatus::__private::Sink,
        ) -> ::multistatus::__private::Result<(), ::multistatus::__private::Error> {
            <String as ::multistatus::__private::PropertyValue>::write_value(
                &self.0,
                __sink,
            )
        }
        #[inline]
        fn state(&self) -> ::multistatus::__private::PropState {
            <String as ::multistatus::__private::PropertyValue>::state(&self.0)
        }
        #[inline]
        fn lang(&self) -> ::multistatus::__private::Option<&::core::primitive::str> {
            <String as ::multistatus::__private::PropertyValue>::lang(&self.0)
        }
    }
};
