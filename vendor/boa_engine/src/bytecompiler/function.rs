use crate::{
    Context, JsNativeError, JsResult, JsString, SpannedSourceText,
    builtins::function::ThisMode,
    bytecompiler::ByteCompiler,
    js_string,
    vm::{
        CodeBlock, CodeBlockFlags,
        source_info::{SourceInfo, SourceMap, SourcePath},
    },
};
use boa_ast::{
    function::{FormalParameterList, FunctionBody},
    scope::{FunctionScopes, Scope},
};
use boa_gc::{Finalize, Gc, GcRefCell, Trace};
use boa_interner::Interner;
use std::cell::Cell;

/// `FunctionCompiler` is used to compile AST functions to bytecode.
#[derive(Debug, Clone)]
#[allow(clippy::struct_excessive_bools)]
pub(crate) struct FunctionCompiler {
    name: JsString,
    generator: bool,
    r#async: bool,
    strict: bool,
    arrow: bool,
    method: bool,
    in_with: bool,
    force_function_scope: bool,
    name_scope: Option<Scope>,
    spanned_source_text: SpannedSourceText,
    source_path: SourcePath,
    lazy_functions: Option<u64>,
}

impl FunctionCompiler {
    /// Create a new `FunctionCompiler`.
    pub(crate) fn new(spanned_source_text: SpannedSourceText) -> Self {
        Self {
            name: js_string!(),
            generator: false,
            r#async: false,
            strict: false,
            arrow: false,
            method: false,
            in_with: false,
            force_function_scope: false,
            name_scope: None,
            spanned_source_text,
            source_path: SourcePath::None,
            lazy_functions: None,
        }
    }

    /// Compile lazily for the context with this id (see `ByteCompiler::lazy_functions`).
    pub(crate) const fn lazy_functions(mut self, lazy_functions: Option<u64>) -> Self {
        self.lazy_functions = lazy_functions;
        self
    }

    /// Set the name of the function.
    pub(crate) fn name<N>(mut self, name: N) -> Self
    where
        N: Into<Option<JsString>>,
    {
        let name = name.into();
        if let Some(name) = name {
            self.name = name;
        }
        self
    }

    /// Indicate if the function is an arrow function.
    pub(crate) const fn arrow(mut self, arrow: bool) -> Self {
        self.arrow = arrow;
        self
    }
    /// Indicate if the function is a method function.
    pub(crate) const fn method(mut self, method: bool) -> Self {
        self.method = method;
        self
    }
    /// Indicate if the function is a generator function.
    pub(crate) const fn generator(mut self, generator: bool) -> Self {
        self.generator = generator;
        self
    }

    /// Indicate if the function is an async function.
    pub(crate) const fn r#async(mut self, r#async: bool) -> Self {
        self.r#async = r#async;
        self
    }

    /// Indicate if the function is in a strict context.
    pub(crate) const fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Provide the name scope of the function.
    pub(crate) fn name_scope(mut self, name_scope: Option<Scope>) -> Self {
        self.name_scope = name_scope;
        self
    }

    /// Indicate if the function is in a `with` statement.
    pub(crate) const fn in_with(mut self, in_with: bool) -> Self {
        self.in_with = in_with;
        self
    }

    /// Indicate if the function is in a `with` statement.
    pub(crate) const fn force_function_scope(mut self, force_function_scope: bool) -> Self {
        self.force_function_scope = force_function_scope;
        self
    }

    /// Set source map file path.
    pub(crate) fn source_path(mut self, source_path: SourcePath) -> Self {
        self.source_path = source_path;
        self
    }

    /// The flags a function's code block has before its body is compiled: what creating the
    /// function object reads (see [`LazyFunction`]).
    fn declared_flags(&self, strict: bool) -> CodeBlockFlags {
        let mut flags = CodeBlockFlags::empty();
        flags.set(CodeBlockFlags::STRICT, strict);
        flags.set(CodeBlockFlags::IS_ASYNC, self.r#async);
        flags.set(CodeBlockFlags::IS_GENERATOR, self.generator);
        flags.set(
            CodeBlockFlags::HAS_PROTOTYPE_PROPERTY,
            !self.arrow && !self.method && !self.r#async && !self.generator,
        );
        flags
    }

    /// Compiles a function nested in other code: now, or on its first call if the context
    /// compiles functions lazily.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn compile_nested(
        self,
        parameters: &FormalParameterList,
        body: &FunctionBody,
        variable_environment: Scope,
        lexical_environment: Scope,
        scopes: &FunctionScopes,
        contains_direct_eval: bool,
        interner: &mut Interner,
    ) -> Gc<CodeBlock> {
        let Some(context_id) = self.lazy_functions else {
            return self.compile(
                parameters,
                body,
                variable_environment,
                lexical_environment,
                scopes,
                contains_direct_eval,
                interner,
            );
        };
        let strict = self.strict || body.strict();
        Self::compile_lazily(
            strict,
            parameters.length(),
            LazySource {
                context_id,
                parameters: parameters.clone(),
                body: body.clone(),
                variable_environment,
                lexical_environment,
                scopes: scopes.clone(),
                contains_direct_eval,
                compiler: self,
            },
        )
    }

    /// A code block for the function that compiles its body on the function's first call
    /// (see [`CodeBlock::resolve`]). Until then it holds what creating the function object
    /// needs (name, length, kind, source text) and the function's syntax tree, whose bodies
    /// are shared, not copied. Early errors were reported by the parser already, and
    /// compiling cannot fail, so only the time of compilation changes.
    fn compile_lazily(strict: bool, length: u32, source: LazySource) -> Gc<CodeBlock> {
        let compiler = &source.compiler;
        let mut code = CodeBlock::new(compiler.name.clone(), length, false);
        code.flags = Cell::new(compiler.declared_flags(strict));
        if compiler.arrow {
            code.this_mode = ThisMode::Lexical;
        }
        code.source_info = SourceInfo::new(
            SourceMap::new(Box::default(), compiler.source_path.clone()),
            compiler.name.clone(),
            compiler.spanned_source_text.clone(),
        );
        code.lazy = Some(Box::new(LazyFunction {
            state: GcRefCell::new(LazyState::Source(Box::new(source))),
        }));
        Gc::new(code)
    }

    /// Compile a function statement list and it's parameters into bytecode.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn compile(
        mut self,
        parameters: &FormalParameterList,
        body: &FunctionBody,
        variable_environment: Scope,
        lexical_environment: Scope,
        scopes: &FunctionScopes,
        contains_direct_eval: bool,
        interner: &mut Interner,
    ) -> Gc<CodeBlock> {
        self.strict = self.strict || body.strict();

        let length = parameters.length();
        let lazy_functions = self.lazy_functions;
        let has_prototype_property = self
            .declared_flags(self.strict)
            .contains(CodeBlockFlags::HAS_PROTOTYPE_PROPERTY);

        let mut compiler = ByteCompiler::new(
            self.name,
            self.strict,
            false,
            variable_environment,
            lexical_environment,
            self.r#async,
            self.generator,
            interner,
            self.in_with,
            self.spanned_source_text,
            self.source_path,
        );

        compiler.length = length;
        compiler.lazy_functions = lazy_functions;
        compiler
            .code_block_flags
            .set(CodeBlockFlags::HAS_PROTOTYPE_PROPERTY, has_prototype_property);

        if self.arrow {
            compiler.this_mode = ThisMode::Lexical;
        }

        if let Some(scope) = self.name_scope
            && !scope.all_bindings_local()
        {
            compiler.code_block_flags |= CodeBlockFlags::HAS_BINDING_IDENTIFIER;
            let _ = compiler.push_scope(&scope);
        }

        if contains_direct_eval || !scopes.function_scope().all_bindings_local() {
            compiler.code_block_flags |= CodeBlockFlags::HAS_FUNCTION_SCOPE;
        } else if !self.arrow {
            compiler.code_block_flags.set(
                CodeBlockFlags::HAS_FUNCTION_SCOPE,
                self.force_function_scope || scopes.requires_function_scope(),
            );
        }

        if compiler.code_block_flags.has_function_scope() {
            let _ = compiler.push_scope(scopes.function_scope());
        } else {
            compiler.variable_scope = scopes.function_scope().clone();
            compiler.lexical_scope = scopes.function_scope().clone();
        }

        // Taken from:
        //  - 15.9.3 Runtime Semantics: EvaluateAsyncConciseBody: <https://tc39.es/ecma262/#sec-runtime-semantics-evaluateasyncconcisebody>
        //  - 15.8.4 Runtime Semantics: EvaluateAsyncFunctionBody: <https://tc39.es/ecma262/#sec-runtime-semantics-evaluateasyncfunctionbody>
        //
        // Note: In `EvaluateAsyncGeneratorBody` unlike the async non-generator functions we don't handle exceptions thrown by
        // `FunctionDeclarationInstantiation` (so they are propagated).
        //
        // See: 15.6.2 Runtime Semantics: EvaluateAsyncGeneratorBody: https://tc39.es/ecma262/#sec-runtime-semantics-evaluateasyncgeneratorbody
        if compiler.is_async() && !compiler.is_generator() {
            // 1. Let promiseCapability be ! NewPromiseCapability(%Promise%).
            compiler.bytecode.emit_create_promise_capability();

            // 2. Let declResult be Completion(FunctionDeclarationInstantiation(functionObject, argumentsList)).
            //
            // Note: We push an exception handler so we catch exceptions that are thrown by the
            // `FunctionDeclarationInstantiation` abstract function.
            //
            // Patched in `ByteCompiler::finish()`.
            compiler.async_handler = Some(compiler.push_handler());
        }

        compiler.function_declaration_instantiation(
            body,
            parameters,
            self.arrow,
            self.strict,
            self.generator,
            scopes,
        );

        // Taken from:
        // - 27.6.3.2 AsyncGeneratorStart ( generator, generatorBody ): <https://tc39.es/ecma262/#sec-asyncgeneratorstart>
        //
        // Note: We do handle exceptions thrown by generator body in `AsyncGeneratorStart`.
        if compiler.is_generator() {
            assert!(compiler.async_handler.is_none());

            if compiler.is_async() {
                // Patched in `ByteCompiler::finish()`.
                compiler.async_handler = Some(compiler.push_handler());
            }
        }

        {
            let mut compiler = compiler.position_guard(body);
            compiler.compile_statement_list(body.statement_list(), false, false);
        }

        compiler.params = parameters.clone();
        compiler.parameter_scope = scopes.parameter_scope();

        let code = compiler.finish();

        Gc::new(code)
    }
}

/// The part of a [`CodeBlock`] made by [`FunctionCompiler::compile_lazily`]: the function's
/// source until its first call, its bytecode from then on.
#[derive(Clone, Debug, Trace, Finalize)]
pub(crate) struct LazyFunction {
    state: GcRefCell<LazyState>,
}

#[derive(Clone, Debug, Trace, Finalize)]
enum LazyState {
    /// What compiling needs: syntax and scopes only, nothing traced.
    Source(#[unsafe_ignore_trace] Box<LazySource>),
    Compiled(Gc<CodeBlock>),
}

#[derive(Clone, Debug)]
struct LazySource {
    /// The context whose interner the syntax tree's symbols belong to.
    context_id: u64,
    compiler: FunctionCompiler,
    parameters: FormalParameterList,
    body: FunctionBody,
    variable_environment: Scope,
    lexical_environment: Scope,
    scopes: FunctionScopes,
    contains_direct_eval: bool,
}

impl LazyFunction {
    /// The function's bytecode, compiled now if this is the first time it is asked for.
    ///
    /// # Errors
    ///
    /// A `TypeError` if it must be compiled now and `context` is not the one that parsed it.
    pub(crate) fn code(&self, context: &mut Context) -> JsResult<Gc<CodeBlock>> {
        // Compiling runs no JavaScript, so nothing else asks for this function meanwhile; a
        // collection during it leaves the cell alone while it is borrowed (the source holds
        // nothing to trace).
        let mut state = self.state.borrow_mut();
        let source = match &*state {
            LazyState::Compiled(code) => return Ok(code.clone()),
            LazyState::Source(source) if Some(source.context_id) == context.lazy_functions() => {
                source
            }
            LazyState::Source(_) => {
                return Err(JsNativeError::typ()
                    .with_message(
                        "a function compiled on its first call was called first from another context",
                    )
                    .into());
            }
        };
        let code = source.compiler.clone().compile(
            &source.parameters,
            &source.body,
            source.variable_environment.clone(),
            source.lexical_environment.clone(),
            &source.scopes,
            source.contains_direct_eval,
            context.interner_mut(),
        );
        *state = LazyState::Compiled(code.clone());
        Ok(code)
    }
}

#[cfg(test)]
mod tests {
    use crate::{
        Context, JsObject, JsValue, Source, builtins::function::OrdinaryFunction, js_string,
        script::Script, vm::CodeBlock,
    };
    use boa_gc::Gc;

    fn code_of(context: &mut Context, name: &str) -> Gc<CodeBlock> {
        let function = context
            .global_object()
            .get(js_string!(name), context)
            .expect("a global")
            .as_object()
            .expect("a function");
        code(&function)
    }

    fn code(function: &JsObject) -> Gc<CodeBlock> {
        function
            .downcast_ref::<OrdinaryFunction>()
            .expect("an ordinary function")
            .code
            .clone()
    }

    #[test]
    fn a_function_first_called_from_another_context_is_a_type_error() {
        let context = &mut lazy_context();
        let function = context
            .eval(Source::from_bytes("(function (x) { return x + 1 })"))
            .expect("a function");
        let function = function.as_callable().expect("callable");
        let other = &mut lazy_context();
        let error = function
            .call(&JsValue::undefined(), &[JsValue::new(1)], other)
            .expect_err("not compiled for this context");
        assert!(error.to_string().contains("another context"), "{error}");
        // Called first where it was made, it is compiled, and runs anywhere after.
        let result = function.call(&JsValue::undefined(), &[JsValue::new(1)], context);
        assert_eq!(result.expect("a call").as_i32(), Some(2));
        let result = function.call(&JsValue::undefined(), &[JsValue::new(2)], other);
        assert_eq!(result.expect("a call").as_i32(), Some(3));
    }

    fn is_compiled(code: &CodeBlock) -> bool {
        matches!(
            *code
                .lazy
                .as_ref()
                .expect("a function compiled lazily")
                .state
                .borrow(),
            super::LazyState::Compiled(_)
        )
    }

    fn lazy_context() -> Context {
        let mut context = Context::default();
        context.set_lazy_functions(true);
        context
    }

    #[test]
    fn a_function_is_compiled_on_its_first_call_once_for_all_its_closures() {
        let context = &mut lazy_context();
        let source = "
            function twice(x) { return 2 * x }
            function never() { return 1 }
            function make(n) { return () => n }
            var first = make(1), second = make(2);
        ";
        context.eval(Source::from_bytes(source)).expect("the script runs");
        let (twice, never) = (code_of(context, "twice"), code_of(context, "never"));
        assert!(!is_compiled(&twice) && !is_compiled(&never));
        assert!(twice.bytecode.bytes.is_empty());

        let result = context.eval(Source::from_bytes("twice(21)")).expect("a call");
        assert_eq!(result.as_i32(), Some(42));
        assert!(is_compiled(&twice) && !is_compiled(&never));

        // Both closures come from one code block: compiled by the first call, run by both.
        let (first, second) = (code_of(context, "first"), code_of(context, "second"));
        assert!(Gc::ptr_eq(&first, &second));
        let result = context.eval(Source::from_bytes("first() + second()")).expect("calls");
        assert_eq!(result.as_i32(), Some(3));
        assert!(is_compiled(&first));
    }

    #[test]
    fn compiled_script_code_has_nothing_left_to_compile() {
        let context = &mut lazy_context();
        let source = "function a() { return function b() { return () => 1 } }";
        let script = Script::parse(Source::from_bytes(source), None, context).expect("parsed");
        let compiled = script.compiled(context).expect("compiled");

        // Moved to another context (another interner), every nested function still runs.
        let other = &mut Context::default();
        Script::from_compiled(&compiled, None, other)
            .expect("no global lexicals")
            .evaluate(other)
            .expect("evaluated");
        let result = other.eval(Source::from_bytes("a()()()")).expect("calls");
        assert_eq!(result.as_i32(), Some(1));
        let a = code_of(other, "a");
        assert!(is_compiled(&a));
        let b = CodeBlock::resolve(&a, other).expect("compiled");
        assert!(b.constants.iter().all(|constant| match constant {
            crate::vm::Constant::Function(inner) => is_compiled(inner),
            _ => true,
        }));
    }
}
