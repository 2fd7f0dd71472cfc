package org.healbms.deploy;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code healbms} command: entry point of the firmware and its evaluation tools. */
@Command(name = "healbms", mixinStandardHelpOptions = true, version = "healbms 0.1.0",
        description = "HealBMS smart-battery firmware: sense, estimate, decide, heal.")
public final class HealBms implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new HealBms()).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
