//! This module contains Function and Class AST nodes.
//!
//! ECMAScript defines multiple types of functions and classes.
//! They are split into different AST nodes to reduce ambiguity and to make the AST more readable.
//!
//! - Functions:
//!   - [`FunctionDeclaration`]
//!   - [`FunctionExpression`]
//! - Async functions:
//!   - [`AsyncFunctionDeclaration`]
//!   - [`AsyncFunctionExpression`]
//! - Generators
//!   - [`GeneratorDeclaration`]
//!   - [`GeneratorExpression`]
//! - Async Generators
//!   - [`AsyncGeneratorDeclaration`]
//!   - [`AsyncGeneratorExpression`]
//! - Arrow Functions
//!   - [`ArrowFunction`]
//! - Async Arrow Functions
//!   - [`AsyncArrowFunction`]
//! - Classes
//!   - [`ClassDeclaration`]
//!   - [`ClassExpression`]

mod arrow_function;
mod async_arrow_function;
mod async_function;
mod async_generator;
mod class;
mod generator;
mod ordinary_function;
mod parameters;

use std::ops::ControlFlow;
use std::rc::Rc;

pub use arrow_function::ArrowFunction;
pub use async_arrow_function::AsyncArrowFunction;
pub use async_function::{AsyncFunctionDeclaration, AsyncFunctionExpression};
pub use async_generator::{AsyncGeneratorDeclaration, AsyncGeneratorExpression};
use boa_interner::{Interner, ToIndentedString};
pub use class::{
    ClassDeclaration, ClassElement, ClassElementName, ClassExpression, ClassFieldDefinition,
    ClassMethodDefinition, PrivateFieldDefinition, PrivateName, StaticBlockBody,
};
pub use generator::{GeneratorDeclaration, GeneratorExpression};
pub use ordinary_function::{FunctionDeclaration, FunctionExpression};
pub use parameters::{FormalParameter, FormalParameterList, FormalParameterListFlags};

use crate::{
    LinearPosition, Span, Spanned, StatementList, StatementListItem,
    visitor::{VisitWith, Visitor, VisitorMut},
};

/// A Function body.
///
/// Since `Script` and `FunctionBody` have the same semantics, this is currently
/// only an alias of the former.
///
/// More information:
///  - [ECMAScript reference][spec]
///
/// [spec]: https://tc39.es/ecma262/#prod-FunctionBody
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionBody {
    // Shared, so that a body kept for compiling later (an engine's lazy compilation) is not a
    // deep copy; edited in place while unshared, copied on write otherwise.
    pub(crate) statements: Rc<StatementList>,
    span: Span,
}

impl FunctionBody {
    /// Creates a new `FunctionBody` AST node.
    #[inline]
    #[must_use]
    pub fn new(statements: StatementList, span: Span) -> Self {
        Self {
            statements: Rc::new(statements),
            span,
        }
    }

    /// Gets the list of statements.
    #[inline]
    #[must_use]
    pub fn statements(&self) -> &[StatementListItem] {
        self.statements.statements()
    }

    /// Gets the statement list.
    #[inline]
    #[must_use]
    pub fn statement_list(&self) -> &StatementList {
        &self.statements
    }

    /// Get the strict mode.
    #[inline]
    #[must_use]
    pub fn strict(&self) -> bool {
        self.statements.strict()
    }

    /// Get end of linear position in source code.
    #[inline]
    #[must_use]
    pub fn linear_pos_end(&self) -> LinearPosition {
        self.statements.linear_pos_end()
    }
}

impl Spanned for FunctionBody {
    #[inline]
    fn span(&self) -> Span {
        self.span
    }
}

impl ToIndentedString for FunctionBody {
    fn to_indented_string(&self, interner: &Interner, indentation: usize) -> String {
        self.statements.to_indented_string(interner, indentation)
    }
}

impl VisitWith for FunctionBody {
    fn visit_with<'a, V>(&'a self, visitor: &mut V) -> ControlFlow<V::BreakTy>
    where
        V: Visitor<'a>,
    {
        for statement in self.statements.statements() {
            visitor.visit_statement_list_item(statement)?;
        }
        ControlFlow::Continue(())
    }

    fn visit_with_mut<'a, V>(&'a mut self, visitor: &mut V) -> ControlFlow<V::BreakTy>
    where
        V: VisitorMut<'a>,
    {
        for statement in &mut *Rc::make_mut(&mut self.statements).statements {
            visitor.visit_statement_list_item_mut(statement)?;
        }
        ControlFlow::Continue(())
    }
}

#[cfg(test)]
mod tests {
    use super::FunctionBody;
    use crate::{
        LinearPosition, Span, Statement, StatementList, StatementListItem,
        visitor::{VisitWith, VisitorMut},
    };
    use std::{convert::Infallible, ops::ControlFlow, rc::Rc};

    /// Replaces every statement by an empty one.
    struct Empty;

    impl<'ast> VisitorMut<'ast> for Empty {
        type BreakTy = Infallible;

        fn visit_statement_mut(&mut self, node: &'ast mut Statement) -> ControlFlow<Infallible> {
            *node = Statement::Empty;
            ControlFlow::Continue(())
        }
    }

    #[test]
    fn a_cloned_body_shares_its_statements_and_edits_copy_on_write() {
        let statements = vec![StatementListItem::Statement(Box::new(Statement::Debugger))];
        let body = FunctionBody::new(
            StatementList::new(statements, LinearPosition::default(), false),
            Span::new((1, 1), (1, 2)),
        );
        let mut kept = body.clone();
        assert!(Rc::ptr_eq(&body.statements, &kept.statements));

        let _ = kept.visit_with_mut(&mut Empty);
        let first = |body: &FunctionBody| match &body.statements()[0] {
            StatementListItem::Statement(statement) => (**statement).clone(),
            StatementListItem::Declaration(_) => unreachable!("a statement"),
        };
        assert_eq!(first(&kept), Statement::Empty);
        assert_eq!(first(&body), Statement::Debugger);
    }
}
