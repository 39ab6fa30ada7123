use super::run_test;
use crate::{DropGuard, finalizer_safe};

#[test]
fn only_the_sweeping_thread_is_told_finalizers_are_unsafe() {
    run_test(|| {
        assert!(finalizer_safe());
        {
            let _guard = DropGuard::new();
            assert!(!finalizer_safe());
            // Another thread sees the count of sweeping threads go up, and reads its own flag.
            let elsewhere = std::thread::spawn(finalizer_safe).join().unwrap();
            assert!(elsewhere);
        }
        assert!(finalizer_safe());
    });
}
