"""Table downloads shared by the apps: CSV and OpenDocument spreadsheet (.ods, through odfpy).

Callers give column titles and rows of values (text, numbers, dates, datetimes, None); the
writers know nothing of what the rows are. CSV cells that a spreadsheet would read as a formula
(text from the public starting with ``=``, ``+``, ``-``, ``@``…) are neutralised with a leading
apostrophe, as OWASP advises; in the .ods file every text is a string cell and is never evaluated.
"""

import csv
import datetime
import io

from django.http import HttpResponse
from django.utils import timezone
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style, TableColumnProperties
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import P

ODS_CONTENT_TYPE = "application/vnd.oasis.opendocument.spreadsheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME_MAX = 31


def _plain(value):
    """A datetime as the site's local time without offset (what a spreadsheet can show)."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _csv_value(value, neutralise: bool):
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if neutralise and isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(filename: str, columns, rows, *, neutralise_formulas: bool = False):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_value(value, neutralise_formulas) for value in row])
    # A byte-order mark so that spreadsheets open the UTF-8 file with its accents.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def ods_cell(value):
    value = _plain(value)
    if value is None or value == "":
        return TableCell()
    if isinstance(value, datetime.datetime):
        cell = TableCell(valuetype="date", datevalue=value.isoformat(timespec="seconds"))
        cell.addElement(P(text=value.strftime("%d/%m/%Y %H:%M")))
        return cell
    if isinstance(value, datetime.date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat())
        cell.addElement(P(text=value.strftime("%d/%m/%Y")))
        return cell
    cell = TableCell(valuetype="string")
    for line in str(value).splitlines() or [""]:
        cell.addElement(P(text=line))
    return cell


def ods_bytes(sheet_name: str, columns, rows, *, column_width: str = "6cm") -> bytes:
    document = OpenDocumentSpreadsheet()
    wide = Style(name="wide", family="table-column")
    wide.addElement(TableColumnProperties(columnwidth=column_width))
    document.automaticstyles.addElement(wide)
    table = Table(name=str(sheet_name)[:SHEET_NAME_MAX])
    for _column in columns:
        table.addElement(TableColumn(stylename=wide))
    header = TableRow()
    for title in columns:
        header.addElement(ods_cell(str(title)))
    table.addElement(header)
    for values in rows:
        row = TableRow()
        for value in values:
            row.addElement(ods_cell(value))
        table.addElement(row)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def ods_response(filename: str, sheet_name: str, columns, rows, **options):
    response = HttpResponse(ods_bytes(sheet_name, columns, rows, **options), ODS_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
