using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MlWorkflow.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class DatasetPipeline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "pipeline",
                table: "datasets",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "pipeline_updated_at",
                table: "datasets",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "pipeline",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "pipeline_updated_at",
                table: "datasets");
        }
    }
}
