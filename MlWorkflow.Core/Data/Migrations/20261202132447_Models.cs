using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MlWorkflow.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Models : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "stop_requested_at",
                table: "tasks",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "models",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    dataset_id = table.Column<Guid>(type: "uuid", nullable: true),
                    dataset_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    dataset_sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    target = table.Column<string>(type: "text", nullable: false),
                    task = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    metric = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    algorithm = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    members = table.Column<string>(type: "jsonb", nullable: false),
                    metrics = table.Column<string>(type: "jsonb", nullable: false),
                    validation = table.Column<string>(type: "jsonb", nullable: false),
                    leaderboard = table.Column<string>(type: "jsonb", nullable: false),
                    feature_importance = table.Column<string>(type: "jsonb", nullable: false),
                    charts = table.Column<string>(type: "jsonb", nullable: false),
                    steps = table.Column<string>(type: "jsonb", nullable: false),
                    input_schema = table.Column<string>(type: "jsonb", nullable: false),
                    labels = table.Column<string>(type: "jsonb", nullable: true),
                    seed = table.Column<int>(type: "integer", nullable: false),
                    train_task_id = table.Column<Guid>(type: "uuid", nullable: true),
                    artifact_id = table.Column<Guid>(type: "uuid", nullable: false),
                    size_bytes = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_models", x => x.id);
                    table.CheckConstraint("ck_models_version", "version >= 1");
                    table.ForeignKey(
                        name: "fk_models_artifacts_artifact_id",
                        column: x => x.artifact_id,
                        principalTable: "artifacts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_models_datasets_dataset_id",
                        column: x => x.dataset_id,
                        principalTable: "datasets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_models_tasks_train_task_id",
                        column: x => x.train_task_id,
                        principalTable: "tasks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_models_users_owner_id",
                        column: x => x.owner_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_models_artifact_id",
                table: "models",
                column: "artifact_id");

            migrationBuilder.CreateIndex(
                name: "ix_models_dataset_id",
                table: "models",
                column: "dataset_id");

            migrationBuilder.CreateIndex(
                name: "ix_models_owner_id_created_at",
                table: "models",
                columns: new[] { "owner_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_models_owner_id_name_version",
                table: "models",
                columns: new[] { "owner_id", "name", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_models_train_task_id",
                table: "models",
                column: "train_task_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "models");

            migrationBuilder.DropColumn(
                name: "stop_requested_at",
                table: "tasks");
        }
    }
}
