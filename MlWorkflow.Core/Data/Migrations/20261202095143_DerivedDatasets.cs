using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MlWorkflow.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class DerivedDatasets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "output_dataset_id",
                table: "tasks",
                type: "uuid",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "sha256",
                table: "datasets",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64);

            migrationBuilder.AlterColumn<Guid>(
                name: "artifact_id",
                table: "datasets",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AddColumn<string>(
                name: "lineage",
                table: "datasets",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "parent_dataset_id",
                table: "datasets",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_tasks_output_dataset_id",
                table: "tasks",
                column: "output_dataset_id");

            migrationBuilder.CreateIndex(
                name: "ix_datasets_parent_dataset_id",
                table: "datasets",
                column: "parent_dataset_id");

            migrationBuilder.AddForeignKey(
                name: "fk_datasets_datasets_parent_dataset_id",
                table: "datasets",
                column: "parent_dataset_id",
                principalTable: "datasets",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "fk_tasks_datasets_output_dataset_id",
                table: "tasks",
                column: "output_dataset_id",
                principalTable: "datasets",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);

            // Dataset statuses were stored as the enum's names ("Ready"); now lower-case, as task statuses.
            migrationBuilder.Sql("UPDATE datasets SET status = lower(status);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM datasets WHERE artifact_id IS NULL;");
            migrationBuilder.Sql("UPDATE datasets SET status = initcap(status);");

            migrationBuilder.DropForeignKey(
                name: "fk_datasets_datasets_parent_dataset_id",
                table: "datasets");

            migrationBuilder.DropForeignKey(
                name: "fk_tasks_datasets_output_dataset_id",
                table: "tasks");

            migrationBuilder.DropIndex(
                name: "ix_tasks_output_dataset_id",
                table: "tasks");

            migrationBuilder.DropIndex(
                name: "ix_datasets_parent_dataset_id",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "output_dataset_id",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "lineage",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "parent_dataset_id",
                table: "datasets");

            migrationBuilder.AlterColumn<string>(
                name: "sha256",
                table: "datasets",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64,
                oldNullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "artifact_id",
                table: "datasets",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);
        }
    }
}
