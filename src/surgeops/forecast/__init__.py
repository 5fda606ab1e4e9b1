"""Census forecasts: the reference SIR model, its SEIR and fitted variants, regional bed outlooks.

Pure numpy/scipy. The public entry points:
- parse_parameters / Parameters: the reference model's flat parameter set;
- forecast_reference: the reference model for many parameter sets in one call;
- fit_series / FitSettings: growth and contact reduction fitted to an observed series;
- forecast_regions / RegionInput / RegionForecast: census per bed type and exhaustion days.
"""

from surgeops.forecast.batch import ForecastError
from surgeops.forecast.fitting import FitSettings, SeriesFit, fit_series
from surgeops.forecast.parameters import ParameterError, Parameters, parse_parameters
from surgeops.forecast.reference import ReferenceForecast, forecast_reference
from surgeops.forecast.regions import RegionForecast, RegionInput, forecast_regions

__all__ = [
    "FitSettings", "ForecastError", "ParameterError", "Parameters", "ReferenceForecast",
    "RegionForecast", "RegionInput", "SeriesFit", "fit_series", "forecast_reference",
    "forecast_regions", "parse_parameters",
]
