//! Assignment operator parsing.
//!
//! More information:
//!  - [MDN documentation][mdn]
//!  - [ECMAScript specification][spec]
//!
//! [mdn]: https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Operators/Assignment_Operators#Assignment
//! [spec]: https://tc39.es/ecma262/#sec-assignment-operators

mod arrow_function;
mod async_arrow_function;
mod conditional;
mod exponentiation;
mod r#yield;

use crate::{
    Error,
    lexer::{Error as LexError, InputElement, Token, TokenKind},
    parser::{
        AllowAwait, AllowIn, AllowYield, Cursor, OrAbrupt, ParseResult, TokenParser,
        expression::{
            FormalParameterListOrExpression,
            primary::expression_to_formal_parameters,
            assignment::{
                arrow_function::{ArrowFunction, ConciseBody},
                async_arrow_function::AsyncArrowFunction,
                conditional::ConditionalExpression,
                r#yield::YieldExpression,
            },
        },
        name_in_lexically_declared_names,
    },
    source::ReadChar,
};
use boa_ast::{
    Expression, Keyword, Punctuator, Span, Spanned,
    expression::Identifier,
    function::{
        AsyncFunctionExpression, AsyncGeneratorExpression, ClassExpression, FormalParameter,
        FormalParameterList, FunctionExpression, GeneratorExpression,
    },
    visitor::Visitor,
    expression::operator::assign::{Assign, AssignOp, AssignTarget},
    operations::{ContainsSymbol, bound_names, contains, lexically_declared_names},
};
use boa_interner::{Interner, Sym};
use std::ops::ControlFlow;

pub(super) use exponentiation::ExponentiationExpression;

/// Assignment expression parsing.
///
/// This can be one of the following:
///
///  - [`ConditionalExpression`](../conditional_operator/struct.ConditionalExpression.html)
///  - `YieldExpression`
///  - [`ArrowFunction`](../../function/arrow_function/struct.ArrowFunction.html)
///  - `AsyncArrowFunction`
///  - [`LeftHandSideExpression`][lhs] `=` `AssignmentExpression`
///  - [`LeftHandSideExpression`][lhs] `AssignmentOperator` `AssignmentExpression`
///
/// More information:
///  - [MDN documentation][mdn]
///  - [ECMAScript specification][spec]
///
/// [mdn]: https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Operators/Assignment_Operators#Assignment
/// [spec]: https://tc39.es/ecma262/#prod-AssignmentExpression
/// [lhs]: ../lhs_expression/struct.LeftHandSideExpression.html
#[derive(Debug, Clone, Copy)]
pub(in crate::parser) struct AssignmentExpression {
    allow_in: AllowIn,
    allow_yield: AllowYield,
    allow_await: AllowAwait,
}

impl AssignmentExpression {
    /// Creates a new `AssignmentExpression` parser.
    pub(in crate::parser) fn new<I, Y, A>(allow_in: I, allow_yield: Y, allow_await: A) -> Self
    where
        I: Into<AllowIn>,
        Y: Into<AllowYield>,
        A: Into<AllowAwait>,
    {
        Self {
            allow_in: allow_in.into(),
            allow_yield: allow_yield.into(),
            allow_await: allow_await.into(),
        }
    }
}

impl<R> TokenParser<R> for AssignmentExpression
where
    R: ReadChar,
{
    type Output = Expression;

    fn parse(self, cursor: &mut Cursor<R>, interner: &mut Interner) -> ParseResult<Expression> {
        crate::parser::check_native_stack(cursor, interner)?;
        cursor.set_goal(InputElement::RegExp);

        // Where `async(` starts this expression: the span and linear span of `async`.
        let mut async_call_head = None;
        match cursor.peek(0, interner).or_abrupt()?.kind() {
            // [+Yield]YieldExpression[?In, ?Await]
            TokenKind::Keyword((Keyword::Yield, _)) if self.allow_yield.0 => {
                return YieldExpression::new(self.allow_in, self.allow_await)
                    .parse(cursor, interner);
            }
            // ArrowFunction[?In, ?Yield, ?Await] -> ArrowParameters[?Yield, ?Await] -> BindingIdentifier[?Yield, ?Await]
            // (`async` is the arm below: it may start an async arrow function.)
            kind if kind.is_identifier_like()
                && !matches!(kind, TokenKind::Keyword((Keyword::Async, false))) =>
            {
                cursor.set_goal(InputElement::Div);

                // Because we already peeked the identifier token, there may be a line terminator before the identifier token.
                // In that case we have to skip an additional token on the next peek.
                let skip_n = if cursor.peek_is_line_terminator(0, interner).or_abrupt()? {
                    2
                } else {
                    1
                };
                if let Some(tok) = cursor.peek_no_skip_line_term(skip_n, interner)?
                    && tok.kind() == &TokenKind::Punctuator(Punctuator::Arrow)
                {
                    return ArrowFunction::new(self.allow_in, self.allow_yield, self.allow_await)
                        .parse(cursor, interner)
                        .map(Expression::ArrowFunction);
                }
            }
            //  AsyncArrowFunction[?In, ?Yield, ?Await]
            TokenKind::Keyword((Keyword::Async, false)) => {
                let skip_n = if cursor.peek_is_line_terminator(0, interner).or_abrupt()? {
                    2
                } else {
                    1
                };

                // `async` may also be the last token of the input: an identifier then.
                let peek_1 = cursor.peek(1, interner)?.map(|token| token.kind().clone());
                let line_break_after = cursor
                    .peek_is_line_terminator(skip_n, interner)?
                    .unwrap_or(true);
                // `async => ...`: an arrow function whose parameter is named `async`.
                if peek_1 == Some(TokenKind::Punctuator(Punctuator::Arrow)) && !line_break_after {
                    return ArrowFunction::new(self.allow_in, self.allow_yield, self.allow_await)
                        .parse(cursor, interner)
                        .map(Expression::ArrowFunction);
                }
                // `async x => …`. (`async (…)` may be a call of a function named async: it is
                // parsed as a call below, and becomes the head of an async arrow function if
                // `=>` follows.)
                let async_arrow = match &peek_1 {
                    Some(kind) if kind.is_identifier_like() => matches!(
                        cursor.peek(2, interner)?.map(Token::kind),
                        Some(TokenKind::Punctuator(Punctuator::Arrow))
                    ),
                    _ => false,
                };
                if !line_break_after && async_arrow {
                    return Ok(AsyncArrowFunction::new(self.allow_in, self.allow_yield)
                        .parse(cursor, interner)?
                        .into());
                }
                if !line_break_after
                    && peek_1 == Some(TokenKind::Punctuator(Punctuator::OpenParen))
                {
                    let token = cursor.peek(0, interner).or_abrupt()?;
                    async_call_head = Some((token.span(), token.linear_span()));
                }
            }
            _ => {}
        }

        cursor.set_goal(InputElement::Div);

        let peek_token = cursor.peek(0, interner).or_abrupt()?;
        let position = peek_token.span().start();
        let start_linear_span = peek_token.linear_span();
        let lhs = ConditionalExpression::new(self.allow_in, self.allow_yield, self.allow_await)
            .parse(cursor, interner)?;

        // If the left hand side is a parameter list, we must parse an arrow function.
        let mut lhs = match lhs {
            FormalParameterListOrExpression::FormalParameterList {
                fpl: parameters, ..
            } => {
                cursor.peek_expect_no_lineterminator(0, "arrow function", interner)?;

                cursor.expect(
                    TokenKind::Punctuator(Punctuator::Arrow),
                    "arrow function",
                    interner,
                )?;
                let arrow = cursor.arrow();
                cursor.set_arrow(true);
                let body = ConciseBody::new(self.allow_in).parse(cursor, interner)?;
                cursor.set_arrow(arrow);

                // Early Error: ArrowFormalParameters are UniqueFormalParameters.
                if parameters.has_duplicates() {
                    return Err(Error::lex(LexError::Syntax(
                        "Duplicate parameter name not allowed in this context".into(),
                        position,
                    )));
                }

                // Early Error: It is a Syntax Error if ArrowParameters Contains YieldExpression is true.
                if contains(&parameters, ContainsSymbol::YieldExpression) {
                    return Err(Error::lex(LexError::Syntax(
                        "Yield expression not allowed in this context".into(),
                        position,
                    )));
                }

                // Early Error: It is a Syntax Error if ArrowParameters Contains AwaitExpression is true.
                if contains(&parameters, ContainsSymbol::AwaitExpression) {
                    return Err(Error::lex(LexError::Syntax(
                        "Await expression not allowed in this context".into(),
                        position,
                    )));
                }

                // Early Error: It is a Syntax Error if ConciseBodyContainsUseStrict of ConciseBody is true
                // and IsSimpleParameterList of ArrowParameters is false.
                if body.strict() && !parameters.is_simple() {
                    return Err(Error::lex(LexError::Syntax(
                        "Illegal 'use strict' directive in function with non-simple parameter list"
                            .into(),
                        position,
                    )));
                }

                // It is a Syntax Error if any element of the BoundNames of ArrowParameters
                // also occurs in the LexicallyDeclaredNames of ConciseBody.
                // https://tc39.es/ecma262/#sec-arrow-function-definitions-static-semantics-early-errors
                name_in_lexically_declared_names(
                    &bound_names(&parameters),
                    &lexically_declared_names(&body),
                    position,
                    interner,
                )?;

                let linear_pos_end = body.linear_pos_end();
                let linear_span = start_linear_span.union(linear_pos_end);

                let body_span_end = body.span().end();
                return Ok(boa_ast::function::ArrowFunction::new(
                    None,
                    parameters,
                    body,
                    linear_span,
                    Span::new(position, body_span_end),
                )
                .into());
            }
            FormalParameterListOrExpression::Expression(expression) => expression,
        };

        // CoverCallExpressionAndAsyncArrowHead: `async(a, b)` followed by `=>` on the same line
        // was the head of an async arrow function, its arguments the parameters.
        if let Some((async_span, async_linear_span)) = async_call_head
            && let Expression::Call(call) = &lhs
            && let Expression::Identifier(callee) = call.function()
            && callee.sym() == Sym::ASYNC
            && callee.span().start() == async_span.start()
            && cursor.peek(0, interner)?.map(Token::kind)
                == Some(&TokenKind::Punctuator(Punctuator::Arrow))
        {
            if let Some(comma) = cursor.spread_trailing_comma() {
                return Err(Error::general(
                    "rest parameter must be last formal parameter",
                    comma,
                ));
            }
            let params = async_arrow_parameters(call.args(), cursor.strict(), async_span)?;
            return Ok(async_arrow_function::finish_async_arrow(
                params,
                async_span.end(),
                async_linear_span,
                async_span,
                self.allow_in,
                cursor,
                interner,
            )?
            .into());
        }

        // Review if we are trying to assign to an invalid left hand side expression.
        if let Some(tok) = cursor.peek(0, interner)?.cloned() {
            match tok.kind() {
                TokenKind::Punctuator(Punctuator::Assign) => {
                    cursor.advance(interner);
                    cursor.set_goal(InputElement::RegExp);

                    let lhs_name = if let Expression::Identifier(ident) = lhs {
                        Some(ident)
                    } else {
                        None
                    };

                    if let Some(target) = AssignTarget::from_expression(&lhs, cursor.strict()) {
                        let mut expr = self.parse(cursor, interner)?;
                        if let Some(ident) = lhs_name {
                            expr.set_anonymous_function_definition_name(&ident);
                        }
                        lhs = Assign::new(AssignOp::Assign, target, expr).into();
                    } else {
                        return Err(Error::lex(LexError::Syntax(
                            "Invalid left-hand side in assignment".into(),
                            tok.span().start(),
                        )));
                    }
                }
                TokenKind::Punctuator(p) if p.as_assign_op().is_some() => {
                    cursor.advance(interner);
                    if let Some(target) =
                        AssignTarget::from_expression_simple(&lhs, cursor.strict())
                    {
                        let assignop = p.as_assign_op().expect("assignop disappeared");

                        let mut rhs = self.parse(cursor, interner)?;
                        if (assignop == AssignOp::BoolAnd
                            || assignop == AssignOp::BoolOr
                            || assignop == AssignOp::Coalesce)
                            && let AssignTarget::Identifier(ident) = target
                        {
                            rhs.set_anonymous_function_definition_name(&ident);
                        }
                        lhs = Assign::new(assignop, target, rhs).into();
                    } else {
                        return Err(Error::lex(LexError::Syntax(
                            "Invalid left-hand side in assignment".into(),
                            tok.span().start(),
                        )));
                    }
                }
                _ => {}
            }
        }

        Ok(lhs)
    }
}

/// The parameters of an async arrow function whose head was parsed as the arguments of a call
/// of `async` (CoverCallExpressionAndAsyncArrowHead refined to AsyncArrowHead).
fn async_arrow_parameters(
    args: &[Expression],
    strict: bool,
    async_span: Span,
) -> ParseResult<FormalParameterList> {
    let invalid = |message: &'static str| Error::general(message, async_span.start());
    // The head is reparsed with [+Await]: `await` may not be an identifier anywhere in it.
    if args.iter().any(uses_await_identifier) {
        return Err(invalid("`await` is not a valid identifier in an async function's parameters"));
    }
    let mut parameters = Vec::new();
    for (index, arg) in args.iter().enumerate() {
        let Expression::Spread(spread) = arg else {
            expression_to_formal_parameters(arg, &mut parameters, strict, async_span)?;
            continue;
        };
        if index + 1 != args.len() {
            return Err(invalid("rest parameter must be last formal parameter"));
        }
        // The rest element converts as any parameter does (with its strict-mode checks), and
        // must then be one binding without an initializer.
        let mut rest = Vec::new();
        expression_to_formal_parameters(spread.target(), &mut rest, strict, async_span)?;
        match rest.as_slice() {
            [parameter] if parameter.init().is_none() => {
                parameters.push(FormalParameter::new(parameter.variable().clone(), true));
            }
            _ => return Err(invalid("invalid rest parameter")),
        }
    }
    let parameters = FormalParameterList::from(parameters);
    // Early Error: `await` is reserved in an async function's parameters.
    if bound_names(&parameters).contains(&Sym::AWAIT) {
        return Err(invalid("`await` is not a valid parameter name in an async function"));
    }
    Ok(parameters)
}

/// Whether `await` is an identifier in `expression`, outside nested functions that are not arrow
/// functions (those have parameters and bodies of their own, parsed without [+Await]).
fn uses_await_identifier(expression: &Expression) -> bool {
    struct FindAwait;
    impl<'ast> Visitor<'ast> for FindAwait {
        type BreakTy = ();
        fn visit_identifier(&mut self, node: &'ast Identifier) -> ControlFlow<()> {
            if node.sym() == Sym::AWAIT {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        }
        fn visit_function_expression(&mut self, _: &'ast FunctionExpression) -> ControlFlow<()> {
            ControlFlow::Continue(())
        }
        fn visit_generator_expression(&mut self, _: &'ast GeneratorExpression) -> ControlFlow<()> {
            ControlFlow::Continue(())
        }
        fn visit_async_function_expression(
            &mut self,
            _: &'ast AsyncFunctionExpression,
        ) -> ControlFlow<()> {
            ControlFlow::Continue(())
        }
        fn visit_async_generator_expression(
            &mut self,
            _: &'ast AsyncGeneratorExpression,
        ) -> ControlFlow<()> {
            ControlFlow::Continue(())
        }
        fn visit_class_expression(&mut self, _: &'ast ClassExpression) -> ControlFlow<()> {
            ControlFlow::Continue(())
        }
    }
    FindAwait.visit_expression(expression).is_break()
}
