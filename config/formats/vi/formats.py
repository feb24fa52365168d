# Vietnamese formats: Django's bundled "vi" has no input formats and uses d-m-Y (see RECIPES.md).
# Pages show dates as dd/mm/yyyy (house rule); documents spell out the long form with LONG_DATE_FORMAT.
DATE_FORMAT = "d/m/Y"
LONG_DATE_FORMAT = r"\n\gà\y d \t\há\n\g m \nă\m Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = r"d \t\há\n\g m"
YEAR_MONTH_FORMAT = r"\t\há\n\g m \nă\m Y"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
