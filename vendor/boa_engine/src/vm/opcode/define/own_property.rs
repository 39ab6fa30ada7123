use crate::{
    Context, JsNativeError, JsResult,
    object::internal_methods::{InternalMethodPropertyContext, has_ordinary_define_own_property},
    property::{PropertyDescriptor, PropertyKey},
    vm::opcode::{IndexOperand, Operation, RegisterOperand},
};

/// A writable, enumerable, configurable data property: what an object literal defines.
fn data_property(value: crate::JsValue) -> PropertyDescriptor {
    PropertyDescriptor::builder()
        .value(value)
        .writable(true)
        .enumerable(true)
        .configurable(true)
        .build()
}

/// `DefineOwnPropertyByName` implements the Opcode Operation for `Opcode::DefineOwnPropertyByName`
///
/// Operation:
///  - Defines a own property of an object by name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DefineOwnPropertyByName;

impl DefineOwnPropertyByName {
    #[inline(always)]
    pub(crate) fn operation(
        (object, value, index): (RegisterOperand, RegisterOperand, IndexOperand),
        context: &mut Context,
    ) -> JsResult<()> {
        let object = context.vm.get_register(object.into()).clone();
        let value = context.vm.get_register(value.into()).clone();
        let realm = context.realm().addr() as usize;
        let name = context.vm.frame().code_block().ic[usize::from(index)]
            .name
            .clone();
        let object = object.to_object(context)?;
        let key = name.into();
        // A new named property of an extensible object whose [[DefineOwnProperty]] is the
        // ordinary one (every object literal): ValidateAndApplyPropertyDescriptor would only add
        // it, so add it without building `current` and validating against it.
        if has_ordinary_define_own_property(&object) && !matches!(key, PropertyKey::Index(_)) {
            let mut object = object.borrow_mut();
            if object.extensible {
                let ic = &context.vm.frame().code_block().ic[usize::from(index)];
                // The transition this site made last, from this object's shape: a shared shape
                // without the property, so the value goes in the next storage slot.
                if let Some(to) = ic.transition(realm, object.shape()) {
                    let properties = object.properties_mut();
                    properties.shape = to;
                    properties.storage.push(value);
                    return Ok(());
                }
                if object.properties().shape.lookup(&key).is_none() {
                    let from = object.shape().clone();
                    object.properties_mut().insert(&key, data_property(value));
                    // Only shared shapes: a unique shape changes in place, and stays its object's.
                    let to = object.shape();
                    if from.is_shared() && to.is_shared() {
                        ic.set_transition(realm, &from, to);
                    }
                    return Ok(());
                }
            }
        }
        object.__define_own_property__(
            &key,
            data_property(value),
            &mut InternalMethodPropertyContext::new(context),
        )?;
        Ok(())
    }
}

impl Operation for DefineOwnPropertyByName {
    const NAME: &'static str = "DefineOwnPropertyByName";
    const INSTRUCTION: &'static str = "INST - DefineOwnPropertyByName";
    const COST: u8 = 4;
}

/// `DefineOwnPropertyByValue` implements the Opcode Operation for `Opcode::DefineOwnPropertyByValue`
///
/// Operation:
///  - Defines a own property of an object by value.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DefineOwnPropertyByValue;

impl DefineOwnPropertyByValue {
    #[inline(always)]
    pub(crate) fn operation(
        (value, key, object): (RegisterOperand, RegisterOperand, RegisterOperand),
        context: &mut Context,
    ) -> JsResult<()> {
        let value = context.vm.get_register(value.into()).clone();
        let key = context.vm.get_register(key.into()).clone();
        let object = context.vm.get_register(object.into()).clone();
        let object = object.to_object(context)?;
        let key = key.to_property_key(context)?;
        let success = object.__define_own_property__(
            &key,
            PropertyDescriptor::builder()
                .value(value.clone())
                .writable(true)
                .enumerable(true)
                .configurable(true)
                .build(),
            &mut InternalMethodPropertyContext::new(context),
        )?;
        if !success {
            return Err(JsNativeError::typ()
                .with_message("failed to defined own property")
                .into());
        }
        Ok(())
    }
}

impl Operation for DefineOwnPropertyByValue {
    const NAME: &'static str = "DefineOwnPropertyByValue";
    const INSTRUCTION: &'static str = "INST - DefineOwnPropertyByValue";
    const COST: u8 = 4;
}
