using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MlWorkflow.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ModelFittedSteps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "fitted_steps",
                table: "models",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'[]'::jsonb");

            // An earlier worker stored the fitted steps themselves in steps (columns as {name, …} objects): they are what fitted_steps keeps.
            migrationBuilder.Sql(
                "UPDATE models SET fitted_steps = steps " +
                "WHERE jsonb_path_exists(steps, '$[*].columns[*] ? (@.type() == \"object\")');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "fitted_steps",
                table: "models");
        }
    }
}
