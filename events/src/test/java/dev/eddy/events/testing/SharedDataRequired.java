package dev.eddy.events.testing;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Skips a jqwik property container, with {@link SharedData}'s reason, when {@code ../shared/data} is absent.
 * jqwik reports JUnit's assumption failure in a {@code @BeforeProperty} method as an error, not a skip, so
 * fuzz tests that seed from the real data declare {@code @AddLifecycleHook(SharedDataRequired.class)} instead.
 */
public final class SharedDataRequired implements SkipExecutionHook {

    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        return SharedData.missingReason().map(SkipResult::skip).orElse(SkipResult.doNotSkip());
    }
}
