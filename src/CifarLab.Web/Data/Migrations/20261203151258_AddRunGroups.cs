using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CifarLab.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddRunGroups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "GroupId",
                table: "Runs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RunGroups",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Seeds = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    SourceRunId = table.Column<int>(type: "INTEGER", nullable: true),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunGroups", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Runs_GroupId",
                table: "Runs",
                column: "GroupId");

            migrationBuilder.AddForeignKey(
                name: "FK_Runs_RunGroups_GroupId",
                table: "Runs",
                column: "GroupId",
                principalTable: "RunGroups",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Runs_RunGroups_GroupId",
                table: "Runs");

            migrationBuilder.DropTable(
                name: "RunGroups");

            migrationBuilder.DropIndex(
                name: "IX_Runs_GroupId",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "GroupId",
                table: "Runs");
        }
    }
}
