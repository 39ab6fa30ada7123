//! Operands read straight from a local's register, and when that is allowed.
//!
//! A local binding that no closure captures lives in a register of its own, and an instruction
//! can read it there instead of from a copy. That is only right while nothing writes the local
//! between the point where the language reads it and the point where the instruction does: in
//! `x + (x = 5)` the left operand is `x`'s value before the assignment.

use super::{BindingKind, ByteCompiler, Register};
use crate::vm::opcode::RegisterOperand;
use boa_ast::{
    Expression,
    expression::operator::{Assign, Update},
    visitor::{VisitWith, Visitor},
};
use core::ops::ControlFlow;

/// Whether evaluating `expr` may write a local binding.
///
/// A register local is not captured by any closure (else it would live in an environment), so
/// only an assignment or an update inside `expr` itself can write it. Any such node counts,
/// whatever its target: a cheap, conservative test.
pub(crate) fn may_assign(expr: &Expression) -> bool {
    struct FindsAssignment;

    impl<'ast> Visitor<'ast> for FindsAssignment {
        type BreakTy = ();

        fn visit_assign(&mut self, _: &'ast Assign) -> ControlFlow<()> {
            ControlFlow::Break(())
        }

        fn visit_update(&mut self, _: &'ast Update) -> ControlFlow<()> {
            ControlFlow::Break(())
        }
    }

    match expr {
        Expression::Identifier(_) | Expression::Literal(_) | Expression::This(_) => false,
        _ => expr.visit_with(&mut FindsAssignment).is_break(),
    }
}

impl ByteCompiler<'_> {
    /// The register that already holds `expr`'s value, if `expr` is a local binding in a
    /// register or a cached constant.
    pub(crate) fn forwardable_register(&mut self, expr: &Expression) -> Option<u32> {
        let Expression::Identifier(name) = expr else {
            return None;
        };
        let name = self.resolve_identifier_expect(*name);
        let binding = self.lexical_scope.get_identifier_reference(name);
        if let BindingKind::Local(Some(local_reg)) = self.get_binding(&binding) {
            return Some(local_reg);
        }
        if self.in_with {
            return None;
        }
        self.const_binding_cache.get(&binding.locator()).copied()
    }

    /// Like [`compile_expr_operand`](Self::compile_expr_operand), for an operand the
    /// instruction reads only after the expressions in `later` have been evaluated: a local is
    /// read from its own register only if none of them may write it.
    pub(crate) fn compile_expr_operand_before(
        &mut self,
        expr: &Expression,
        later: &[&Expression],
        inner_fn: impl FnOnce(&mut Self, RegisterOperand),
    ) {
        self.compile_expr_register(expr, Some(later), |compiler, register| {
            inner_fn(compiler, register.variable());
        });
    }

    /// As [`compile_expr_operand_before`](Self::compile_expr_operand_before), handing the
    /// operand as a [`Register`] to the emit helpers that take one. `later: None` says that
    /// other code runs before the instruction (a destructuring default, say): no forwarding.
    pub(crate) fn compile_expr_register(
        &mut self,
        expr: &Expression,
        later: Option<&[&Expression]>,
        inner_fn: impl FnOnce(&mut Self, &Register),
    ) {
        if matches!(expr, Expression::Identifier(_))
            && later.is_some_and(|later| !later.iter().any(|e| may_assign(e)))
            && let Some(index) = self.forwardable_register(expr)
        {
            // A persistent register is never deallocated: this one stays the local's.
            inner_fn(self, &Register::persistent(index));
            return;
        }
        let register = self.register_allocator.alloc();
        self.compile_expr(expr, &register);
        inner_fn(self, &register);
        self.register_allocator.dealloc(register);
    }
}
