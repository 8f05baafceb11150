return await Agents.Cli.AgentsCli.RunAsync(args);
