using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MlWorkflow.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ModelNames : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "model_names",
                columns: table => new
                {
                    owner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    last_version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_model_names", x => new { x.owner_id, x.name });
                    table.CheckConstraint("ck_model_names_last_version", "last_version >= 1");
                    table.ForeignKey(
                        name: "fk_model_names_users_owner_id",
                        column: x => x.owner_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Names registered before this table continue from their highest stored version.
            migrationBuilder.Sql(
                "INSERT INTO model_names (owner_id, name, last_version) " +
                "SELECT owner_id, name, MAX(version) FROM models GROUP BY owner_id, name;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "model_names");
        }
    }
}
