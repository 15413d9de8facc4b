package io.securelink.appliance.cli;

import io.securelink.appliance.config.ConfigException;
import io.securelink.appliance.config.ConfigProblem;
import io.securelink.appliance.daemon.ApplianceLifecycle;
import io.securelink.appliance.runtime.RuntimeStartException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * Runs the appliance in the foreground until SIGTERM or SIGINT, then stops accepting, drains live
 * connections up to each link's drain time and exits 0.
 */
@Command(name = "run", description = "Run the appliance in the foreground.")
final class RunCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, description = "The YAML config file.")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        ApplianceLifecycle lifecycle = new ApplianceLifecycle(config);
        try {
            lifecycle.init();
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                System.err.println("error: " + p);
            }
            return 1;
        } catch (RuntimeStartException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        Signal.handle(new Signal("HUP"), s -> {
            Thread t = new Thread(() -> lifecycle.reload("SIGHUP"), "sl-sighup");
            t.setDaemon(true);
            t.start();
        });
        try {
            Map<String, InetSocketAddress> bound = lifecycle.start();
            bound.forEach((name, addr) -> System.out.println("link " + name + " listening on "
                    + io.securelink.appliance.link.AddressText.of(addr)));
            System.out.println("securelink running (config digest " + lifecycle.config().digest() + "); SIGTERM to stop");
            System.out.flush();
        } catch (RuntimeStartException e) {
            System.err.println("error: " + e.getMessage());
            lifecycle.destroy();
            return 1;
        }
        stop.await();
        lifecycle.stop();
        lifecycle.destroy();
        System.out.println("securelink stopped");
        return 0;
    }
}
