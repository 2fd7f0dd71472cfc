package org.healbms.deploy;

import java.io.IOException;
import java.util.concurrent.Callable;

import org.healbms.deploy.cli.AcquireCommand;
import org.healbms.deploy.cli.CoapCommand;
import org.healbms.deploy.cli.DemoReplay;
import org.healbms.deploy.cli.EisCommand;
import org.healbms.deploy.cli.EisFitCommand;
import org.healbms.deploy.cli.ExamplesCommand;
import org.healbms.deploy.cli.FileProblem;
import org.healbms.deploy.cli.ForecastCommand;
import org.healbms.deploy.cli.IdentifyCcCommand;
import org.healbms.deploy.cli.IdentifyCommand;
import org.healbms.deploy.cli.ReplayCommand;
import org.healbms.deploy.cli.RulesCommand;
import org.healbms.deploy.cli.RunCommand;
import org.healbms.deploy.cli.SignaturesCommand;
import org.healbms.deploy.cli.ThermalCommand;
import org.healbms.core.identification.IdentificationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code healbms} command. With no arguments it runs the main job on its bundled default: a real
 * drive cycle replayed from a wrong start guess.
 */
@Command(name = "healbms", mixinStandardHelpOptions = true, version = "healbms 0.1.0",
        description = "HealBMS smart-battery firmware: sense, estimate, decide, heal.",
        subcommands = {IdentifyCommand.class, IdentifyCcCommand.class, ReplayCommand.class, ForecastCommand.class, AcquireCommand.class,
                EisCommand.class, EisFitCommand.class, RunCommand.class, SignaturesCommand.class,
                RulesCommand.class, CoapCommand.class, ThermalCommand.class, ExamplesCommand.class,
                CommandLine.HelpCommand.class})
public final class HealBms implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with HealBMS's error handling: bad input gives its message, not a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new HealBms());
        UsageText.apply(cli);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IOException io) {
                commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + FileProblem.describe(io));
                return 2;
            }
            if (e instanceof IllegalArgumentException || e instanceof IdentificationException) {
                commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }

    @Override
    public Integer call() throws Exception {
        return DemoReplay.run();
    }
}
