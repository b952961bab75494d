using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CifarLab.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class StoreDatasetProvenanceAndImages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DatasetJson",
                table: "Runs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "OfficialData",
                table: "Runs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "MisclassifiedImages",
                columns: table => new
                {
                    RunId = table.Column<int>(type: "INTEGER", nullable: false),
                    TestIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    Pixels = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MisclassifiedImages", x => new { x.RunId, x.TestIndex });
                    table.ForeignKey(
                        name: "FK_MisclassifiedImages_Runs_RunId",
                        column: x => x.RunId,
                        principalTable: "Runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MisclassifiedImages");

            migrationBuilder.DropColumn(
                name: "DatasetJson",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "OfficialData",
                table: "Runs");
        }
    }
}
