package org.healbms.cli.command;

import picocli.CommandLine.Command;

/** {@code healbms twin}: the pack estimator for a fleet, on Kafka Streams (module twin, docs/twin.md). */
@Command(
        name = "twin",
        mixinStandardHelpOptions = true,
        description = "The virtual BMS: the firmware's pack estimator run per pack on Kafka Streams (docs/twin.md).",
        subcommands = {TwinReplayCommand.class, TwinRunCommand.class, TwinGatewayCommand.class})
public final class TwinCommand {}
