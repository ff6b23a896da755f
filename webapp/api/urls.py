from django.urls import include, path
from rest_framework.routers import DefaultRouter

from webapp.api import prompts, views
from webapp.api.session import SessionView, TokenView
from webapp.api.week import WeekView

router = DefaultRouter()
router.register("sites", views.SiteViewSet, basename="site")
router.register("site-closures", views.SiteClosureViewSet, basename="site-closure")
router.register("travel-times", views.TravelTimeViewSet, basename="travel-time")
router.register("rooms", views.RoomViewSet, basename="room")
router.register("professionals", views.ProfessionalViewSet, basename="professional")
router.register("rules", views.RuleViewSet, basename="rule")
router.register("pins", views.PinViewSet, basename="pin")
router.register("versions", views.ScheduleVersionViewSet, basename="version")
router.register("runs", views.SolveRunViewSet, basename="run")
router.register("prompts", prompts.PromptHistoryViewSet, basename="prompt")
router.register("prompt-templates", prompts.PromptTemplateViewSet, basename="prompt-template")
router.register("confirmations", views.DailyConfirmationViewSet, basename="confirmation")

urlpatterns = [
    path("diff/", views.DiffView.as_view(), name="diff"),
    path("me/", views.MeView.as_view(), name="me"),
    path("weeks/<str:week_start>/", WeekView.as_view(), name="week"),
    path("auth/session/", SessionView.as_view(), name="auth-session"),
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    path("auth/", include("rest_framework.urls")),
    path("", include(router.urls)),
]
