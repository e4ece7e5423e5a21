package dev.eddy.tools.cli;

import dev.eddy.serving.security.ApiKey;
import dev.eddy.serving.security.ApiKeyFile;
import dev.eddy.serving.security.KeyDigest;
import dev.eddy.serving.security.RateLimit;
import dev.eddy.serving.security.Scope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code eddy serving-key}: the API key file of serving (serving.api-keys-file). */
@Command(name = "serving-key", mixinStandardHelpOptions = true,
        description = "Manage serving's API key file (serving.api-keys-file): keys with scopes, stored as SHA-256 hashes; "
                + "a running serving reloads the file when it changes.",
        subcommands = {ServingKeyCommand.Add.class, ServingKeyCommand.ListKeys.class})
final class ServingKeyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a subcommand: add or list");
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Generate a key, print it once, and store only its hash (with its name and scopes) in the file.")
    static final class Add implements Callable<Integer> {
        @Option(names = "--name", required = true, description = "the key's name (1-64 of A-Z a-z 0-9 . _ @ -), unique in the file")
        String name;

        @Option(names = "--scopes", required = true,
                description = "comma-separated: rank, feedback (reward, events), read (models, experiments, dashboard), "
                        + "admin (metrics, reload); or all")
        String scopes;

        @Option(names = "--file", required = true, description = "the key file; created (owner-only) when missing")
        Path file;

        @Option(names = "--rate", description = "this key's own limit in requests a second, instead of serving.rate-limit "
                + "(0: no limit for this key)")
        Double rate;

        @Option(names = "--burst", description = "this key's own burst (requests at once after a pause); with --rate, "
                + "default one second's worth")
        Double burst;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Set<Scope> parsed;
            try {
                parsed = Scope.parseList(scopes);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--scopes: " + e.getMessage());
            }
            if (!ApiKey.validName(name)) {
                throw new ParameterException(spec.commandLine(), "--name must be 1-64 of A-Z a-z 0-9 . _ @ -, was '" + name + "'");
            }
            RateLimit limit = null;
            if (burst != null && rate == null) throw new ParameterException(spec.commandLine(), "--burst needs --rate");
            if (rate != null) {
                try {
                    limit = RateLimit.of(rate, burst);
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), (burst != null ? "--rate/--burst: " : "--rate: ")
                            + e.getMessage());
                }
            }
            String secret = KeyDigest.newSecret();
            try {
                ApiKeyFile.append(file, new ApiKey(name, parsed, KeyDigest.sha256(secret), limit));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(secret);
            out.flush();
            PrintWriter err = spec.commandLine().getErr();
            err.println("added '" + name + "' (" + Scope.format(parsed)
                    + (limit == null ? "" : ", " + limit.words()) + ") to " + file
                    + "; the key above is shown only now: the file keeps its SHA-256 hash");
            err.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the keys' names and scopes (never a key).")
    static final class ListKeys implements Callable<Integer> {
        @Option(names = "--file", required = true, description = "the key file")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ApiKeyFile.Parsed parsed;
            try {
                parsed = ApiKeyFile.parse(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            for (ApiKey k : parsed.keys()) {
                RateLimit l = k.rateLimit();
                out.println(k.name() + " " + Scope.format(k.scopes())
                        + (l == null ? "" : " " + l.words()));
            }
            if (parsed.plainKeys() > 0) {
                out.println(parsed.plainKeys() + " key(s) in plain text (every scope): replace them with `eddy serving-key add`");
            }
            out.flush();
            return 0;
        }
    }
}
