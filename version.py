"""The one place the version lives: the window, the returns, build.spec and the installer read it."""

__version__ = "0.1.0"
APP_NAME = "科技指标任务台账"
APP_ID = "STQuotaLedger"
ORGANIZATION = "GuangxiSTLedger"
