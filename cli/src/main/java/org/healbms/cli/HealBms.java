package org.healbms.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.healbms.cli.command.AcquireCommand;
import org.healbms.cli.command.CanCommand;
import org.healbms.cli.command.CoapCommand;
import org.healbms.cli.command.DemoReplay;
import org.healbms.cli.command.EisCommand;
import org.healbms.cli.command.EisFitCommand;
import org.healbms.cli.command.ExamplesCommand;
import org.healbms.cli.command.ForecastCommand;
import org.healbms.cli.command.IdentifyCcCommand;
import org.healbms.cli.command.IdentifyCommand;
import org.healbms.cli.command.LifetimeCommand;
import org.healbms.cli.command.PassportCommand;
import org.healbms.cli.command.ReplayCommand;
import org.healbms.cli.command.RulesCommand;
import org.healbms.cli.command.RunCommand;
import org.healbms.cli.command.SignaturesCommand;
import org.healbms.cli.command.ThermalCommand;
import org.healbms.cli.command.TwinCommand;
import org.healbms.core.identification.IdentificationException;
import org.healbms.io.file.FileProblem;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code healbms} command. With no arguments it runs the main job on its bundled default: a real
 * drive cycle replayed from a wrong start guess.
 */
@Command(
        name = "healbms",
        mixinStandardHelpOptions = true,
        version = "healbms 0.1.0",
        description = "HealBMS smart-battery firmware: sense, estimate, decide, heal.",
        subcommands = {
            IdentifyCommand.class,
            IdentifyCcCommand.class,
            ReplayCommand.class,
            ForecastCommand.class,
            AcquireCommand.class,
            EisCommand.class,
            EisFitCommand.class,
            RunCommand.class,
            SignaturesCommand.class,
            RulesCommand.class,
            CoapCommand.class,
            ThermalCommand.class,
            TwinCommand.class,
            LifetimeCommand.class,
            ExamplesCommand.class,
            PassportCommand.class,
            CanCommand.class,
            CommandLine.HelpCommand.class
        })
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
                commandLine
                        .getErr()
                        .println(commandLine.getCommandSpec().qualifiedName() + ": " + FileProblem.describe(io));
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
