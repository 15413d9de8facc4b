package io.securelink.appliance.support;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints every skipped test or test class, with its reason, on the console (registered through
 * {@code META-INF/services}): a class whose {@code @BeforeAll} assumption fails otherwise shows only as
 * "Tests run: 0", and a disabled or aborted test's reason only in the surefire XML.
 */
public final class SkipReasons implements TestExecutionListener {
    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        print(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            print(test, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
        }
    }

    private static void print(TestIdentifier test, String reason) {
        String what = test.getSource().map(Object::toString).orElse(test.getDisplayName());
        what = what.replaceAll(".*\\[className = '([^']*)'(, methodName = '([^']*)')?.*", "$1$2");
        System.out.println("SKIPPED " + what.replace(", methodName = '", "#").replace("'", "") + ": " + reason);
    }
}
