using OpenLocal.Cli.Commands;

// `openlocal <subcommand>`: one executable, one subcommand per component (DESIGN.md).
return await OpenLocalCommand.Parse(args).InvokeAsync();
