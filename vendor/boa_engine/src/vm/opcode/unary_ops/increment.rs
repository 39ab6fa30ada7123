use crate::{
    Context, JsBigInt, JsResult,
    value::{JsValue, JsVariant, Numeric},
    vm::opcode::{Operation, RegisterOperand},
};

/// `Inc` implements the Opcode Operation for `Opcode::Inc`
///
/// Operation:
///  - Unary `++` operator.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Inc;

impl Inc {
    #[inline(always)]
    pub(crate) fn operation(
        (dst, src): (RegisterOperand, RegisterOperand),
        context: &mut Context,
    ) -> JsResult<()> {
        // A number is its own ToNumeric: `src` stays as it is, only `dst` is written.
        let next = match context.vm.get_register(src.into()).variant() {
            JsVariant::Integer32(number) if number < i32::MAX => Some(JsValue::from(number + 1)),
            JsVariant::Float64(number) => Some(JsValue::from(number + 1f64)),
            _ => None,
        };
        if let Some(next) = next {
            context.vm.set_register(dst.into(), next);
            return Ok(());
        }

        // Anything else (an int32 at the edge included) becomes its ToNumeric in `src`.
        let value = context.vm.take_register(src.into());

        let (numeric, value) = match value.to_numeric(context)? {
            Numeric::Number(number) => (JsValue::from(number), JsValue::from(number + 1f64)),
            Numeric::BigInt(bigint) => (
                JsValue::from(bigint.clone()),
                JsValue::from(JsBigInt::add(&bigint, &JsBigInt::one())),
            ),
        };
        context.vm.set_register(src.into(), numeric);
        context.vm.set_register(dst.into(), value);
        Ok(())
    }
}

impl Operation for Inc {
    const NAME: &'static str = "Inc";
    const INSTRUCTION: &'static str = "INST - Inc";
    const COST: u8 = 3;
}
