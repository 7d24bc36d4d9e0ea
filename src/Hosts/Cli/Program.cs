using OpenLocal.Cli.Commands;

// `openlocal <subcommand>`: one executable, one subcommand per component (DESIGN.md).
var root = OpenLocalCommand.Create();
return await root.Parse(args).InvokeAsync();
