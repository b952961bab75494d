using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CifarLab.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class RecordRunOwner : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Owner",
                table: "Runs",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Runs_Owner_Status",
                table: "Runs",
                columns: new[] { "Owner", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Runs_Owner_Status",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "Owner",
                table: "Runs");
        }
    }
}
