using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CifarLab.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddValidationSplit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "ValidationAccuracy",
                table: "Runs",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "ValidationLoss",
                table: "Runs",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "ValidationAccuracy",
                table: "Epochs",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "ValidationLoss",
                table: "Epochs",
                type: "REAL",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Runs_ValidationAccuracy",
                table: "Runs",
                column: "ValidationAccuracy");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Runs_ValidationAccuracy",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "ValidationAccuracy",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "ValidationLoss",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "ValidationAccuracy",
                table: "Epochs");

            migrationBuilder.DropColumn(
                name: "ValidationLoss",
                table: "Epochs");
        }
    }
}
