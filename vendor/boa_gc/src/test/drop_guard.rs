use super::run_test;
use crate::{DropGuard, Gc, finalizer_safe};

#[test]
fn only_the_sweeping_thread_is_told_finalizers_are_unsafe() {
    run_test(|| {
        assert!(finalizer_safe());
        {
            let _guard = DropGuard::new();
            assert!(!finalizer_safe());
            // Another thread with a heap of its own sees the count of sweeping threads go up,
            // and reads its own flag.
            let elsewhere = std::thread::spawn(|| {
                let value = Gc::new(1u8);
                let safe = finalizer_safe();
                drop(value);
                safe
            })
            .join()
            .unwrap();
            assert!(elsewhere);
            // And this thread, one of several with heaps now, still reads its own flag.
            assert!(!finalizer_safe());
        }
        assert!(finalizer_safe());
    });
}
